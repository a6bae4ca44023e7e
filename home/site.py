"""Idempotent set-up of the page tree's base: the home page and the default site.

The home page is first created by home/migrations/0002; this helper re-creates it where a
database was emptied (browser tests flush tables between tests) and is what the demo command and
the test fixtures call. It lives in `home` (not `portal`): the base layer imports no app.
"""

from django.db import transaction

from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage

HOME_TITLE = "Accueil"


@transaction.atomic
def ensure_home_page():
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        Locale.objects.get_or_create(language_code="fr")
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(title="Root", slug="root", live=True)
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="accueil",
                hero_title="Coopérer, ensemble, au service des habitantes et des habitants",
                visible_to_partners=True,
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Coopérer",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home
