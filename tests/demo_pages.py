"""Every page of the demo site, as URLs: shared by the HTML validity and the reflow checks.

The live page tree (each page and its fixed sub-URLs), the portal's own views, and the states a
page takes that have their own markup: a filtered list, a second page of results, a form sent
back with errors.
"""

from urllib.parse import urlencode

# The portal's own views (not pages), readable by any signed-in reader.
PORTAL_VIEWS = [
    "/recherche/?q=coop%C3%A9ration",
    "/recherche/?q=coop%C3%A9ration&page=2",
    "/recherche/?q=",
    "/taches/",
    "/mot-de-passe/changer/",
    "/mot-de-passe/changer/termine/",
]
# Reached signed out.
SIGNED_OUT_VIEWS = [
    "/connexion/",
    "/mot-de-passe/oubli/",
    "/mot-de-passe/oubli/envoye/",
    "/mot-de-passe/nouveau/termine/",
]


def page_urls():
    """Every live page of the demo site and its fixed sub-URLs, in tree order."""
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
        urls.append(page.url)
        for route in getattr(page, "get_subpage_urls", lambda: [])():
            sub = str(route.pattern).lstrip("^").rstrip("$")
            if sub and "<" not in sub and "(" not in sub:
                urls.append(page.url + sub)
    return urls


def list_states():
    """Filtered lists and second pages of the demo's listing pages (their own titles and markup)."""
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
        if hasattr(page, "paginate"):  # editorial index pages (pages.models.base)
            urls += [page.url + "?period=passees", page.url + "?page=2"]
        elif page._meta.model_name in ("experienceindexpage", "networkmappage"):
            urls.append(page.url + "?" + urlencode({"q": "coopération"}))
    return urls


def demo_urls():
    """Everything a signed-in reader can open on the demo site."""
    return page_urls() + list_states() + PORTAL_VIEWS
