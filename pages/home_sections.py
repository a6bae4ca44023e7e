"""The home page's editorial sections (registered in wagtail_hooks.py).

Each function receives ``(request, home_page)`` and returns ``None`` or a section dict (see
``home.models.collect_home_sections``). Each runs a fixed, small number of queries and goes
through ``visible_pages`` so that partners only see what is open to them.
"""

from django.db.models import Q

from wagtail.models import Page

from pages.models import ModulePage, ModuleSession, SeasonPage, SharingSessionPage
from portal.access import visible_pages

UPCOMING_SESSIONS = 5
LATEST_SHARING_SESSIONS = 3


def featured_pages(request, home_page):
    links = list(home_page.featured_pages.all().values_list("link_id", flat=True))
    if not links:
        return None
    pages = {
        page.pk: page
        for page in visible_pages(Page.objects.filter(pk__in=links).live().specific(), request.user)
    }
    items = [pages[pk] for pk in links if pk in pages]
    if not items:
        return None
    return {
        "order": 5,
        "template": "pages/includes/home_featured.html",
        "context": {"items": items},
    }


def upcoming_sessions(request, home_page):
    modules = visible_pages(ModulePage.objects.live(), request.user)
    sessions = list(
        ModuleSession.objects.upcoming()
        .filter(module__in=modules.values("pk"))
        .select_related("module")[:UPCOMING_SESSIONS]
    )
    return {
        "order": 10,
        "template": "pages/includes/home_upcoming_sessions.html",
        "context": {"sessions": sessions},
    }


def season_figures(request, home_page):
    """The key figures of the latest season that published its review."""
    season = (
        visible_pages(SeasonPage.objects.live(), request.user)
        .filter(~Q(sessions_count=None) | ~Q(unique_participants_count=None))
        .order_by("-start_date")
        .first()
    )
    if season is None:
        return None
    return {
        "order": 20,
        "template": "pages/includes/home_season_figures.html",
        "context": {"season": season},
    }


def latest_sharing_sessions(request, home_page):
    items = list(
        visible_pages(SharingSessionPage.objects.live(), request.user).order_by("-date", "-pk")[
            :LATEST_SHARING_SESSIONS
        ]
    )
    if not items:
        return None
    index = items[0].get_parent()
    return {
        "order": 40,
        "template": "pages/includes/home_sharing_sessions.html",
        "context": {"items": items, "index": index},
    }
