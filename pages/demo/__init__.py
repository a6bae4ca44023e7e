"""Demo content of the pages app, built from ``../shared/seeds`` (see its README).

``load()`` is idempotent: a page is created, with its sessions, agenda, workshops and
testimonials, only when no page with its slug exists under its parent; existing pages (which
editors or the experiences demo may have changed) are left as they are, but for the demo's own
corrections (``fill_demo_fields``: only pages no person has saved). Everything runs in one
transaction. Texts, dates, names, figures and quotes come from the seeds; what the seeds do not
give is left empty (the cooperation day's date, the « J'ai testé pour vous » dates and place),
or is a fictitious example marked « Exemple fictif » on the site (sessions: registrations.demo).
"""

from django.db import transaction

from wagtail.models import Site

from home.site import ensure_home_page
from portal.demo import fill_demo_fields
from portal.models import PortalSettings
from taxonomy.themes import ensure_themes

from . import content, events, seasons


@transaction.atomic
def load(stdout=None):
    home = ensure_home_page()
    themes = ensure_themes()
    created = []
    season_index, season_one = seasons.load(home, themes, created)
    sharing_index = seasons.load_sharing_sessions(home, themes, created)
    event_index, regional_day, cooperation_day = events.load(home, themes, created)
    seasons.link_sharing_sessions(sharing_index, cooperation_day)
    report_index = events.load_reports(home, themes, created)
    method_index = events.load_methods(home, themes, created)
    statement = content.load(home, created)
    events.link_method_workshops(regional_day, method_index)

    # Main navigation: the home page's children marked "show in menus".
    for page in (season_index, sharing_index, event_index, report_index, method_index):
        fill_demo_fields(page, show_in_menus=True)

    site = Site.objects.get(is_default_site=True)
    portal_settings = PortalSettings.for_site(site)
    if portal_settings.accessibility_page_id is None:
        portal_settings.accessibility_page = statement
        portal_settings.save()
    content.fill_statement(portal_settings)

    if not home.featured_pages.exists():
        from home.models import HomeFeaturedPage

        for order, page in enumerate((regional_day, season_one, method_index)):
            HomeFeaturedPage.objects.create(page=home, link=page, sort_order=order)

    if stdout is not None:
        if created:
            stdout.write(f"Pages éditoriales : {len(created)} pages créées.")
        else:
            stdout.write("Pages éditoriales : déjà en place.")
    return created
