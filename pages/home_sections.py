"""The home page's editorial sections (registered in wagtail_hooks.py).

Each function receives ``(request, home_page)`` and returns ``None`` or a section dict (see
``home.models.collect_home_sections``). Their data is computed together, in four queries that go
through ``visible_pages`` (partners only see what is open to them), and cached per audience
under the content version (portal/cache.py): any publication (sessions, featured pages and
figures are published with their page) invalidates it, and it expires after a minute so that
sessions move from « à venir » to « passées » on time.
"""

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from wagtail.models import Page

from pages.models import ModulePage, ModuleSession, SeasonPage, SharingSessionPage
from portal.access import visible_pages
from portal.audience_cache import cached_per_audience

UPCOMING_SESSIONS = 5
LATEST_SHARING_SESSIONS = 3


def _compute(request, home_page):
    user = request.user
    links = list(home_page.featured_pages.values_list("link_id", flat=True))
    featured = []
    if links:
        pages = {
            page.pk: page
            for page in visible_pages(Page.objects.filter(pk__in=links).live().specific(), user)
        }
        featured = [pages[pk] for pk in links if pk in pages]
    modules = visible_pages(ModulePage.objects.live(), user)
    programme_visible = modules.exists()
    sessions = (
        list(
            ModuleSession.objects.upcoming()
            .filter(module__in=modules.values("pk"))
            .select_related("module")[:UPCOMING_SESSIONS]
        )
        if programme_visible
        else []
    )
    season = (
        visible_pages(SeasonPage.objects.live(), user)
        # A season has a review once one of its sessions was held (figures are computed).
        .filter(
            Exists(
                ModuleSession.objects.filter(
                    module__path__startswith=OuterRef("path"), end__lt=timezone.now()
                )
            )
        )
        .order_by("-start_date")
        .first()
    )
    sharing = list(
        # Undated sessions (no date known) after the dated ones.
        visible_pages(SharingSessionPage.objects.live(), user).order_by(
            F("date").desc(nulls_last=True), "-pk"
        )[:LATEST_SHARING_SESSIONS]
    )
    sharing_index = sharing[0].get_parent() if sharing else None
    return {
        "featured": featured,
        "sessions": sessions,
        "programme_visible": programme_visible,
        "season": season,
        "sharing": sharing,
        "sharing_index": sharing_index,
    }


def home_data(request, home_page):
    """The sections' data for this request's audience (agents or partners), cached."""
    return cached_per_audience(
        request, f"pages-home-{home_page.pk}", lambda: _compute(request, home_page)
    )


def featured_pages(request, home_page):
    items = home_data(request, home_page)["featured"]
    if not items:
        return None
    return {
        "order": 5,
        "template": "pages/includes/home_featured.html",
        "context": {"items": items},
    }


def upcoming_sessions(request, home_page):
    """The next sessions; nothing for readers who cannot open the programme (partners)."""
    if not home_data(request, home_page)["programme_visible"]:
        return None
    return {
        "order": 10,
        "template": "pages/includes/home_upcoming_sessions.html",
        "context": {"sessions": home_data(request, home_page)["sessions"]},
    }


def season_figures(request, home_page):
    """The key figures of the latest season that held a session (computed from its records)."""
    season = home_data(request, home_page)["season"]
    if season is None:
        return None
    return {
        "order": 20,
        "template": "pages/includes/home_season_figures.html",
        "context": {"season": season},
    }


def latest_sharing_sessions(request, home_page):
    data = home_data(request, home_page)
    if not data["sharing"]:
        return None
    return {
        "order": 40,
        "template": "pages/includes/home_sharing_sessions.html",
        "context": {"items": data["sharing"], "index": data["sharing_index"]},
    }
