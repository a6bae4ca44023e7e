from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from wagtail.models import Site

from portal.access import visible_page_list, visible_pages
from portal.audience_cache import cached_per_audience

register = template.Library()


def _site_root(request):
    if not hasattr(request, "_portal_site_root"):
        site = Site.find_for_request(request)
        request._portal_site_root = site.root_page if site else None
    return request._portal_site_root


def _menu_items(request):
    """The home page's live children shown in menus, as plain data cached per audience."""
    site = Site.find_for_request(request)
    if site is None:
        return None, []

    def compute():
        root = site.root_page
        children = visible_pages(root.get_children().live().in_menu(), request.user)
        return {
            "root": {"url": root.get_url(request), "path": root.path},
            "items": [
                {"title": child.title, "url": child.get_url(request), "path": child.path}
                for child in children
            ],
        }

    menu = cached_per_audience(request, f"menu-{site.pk}", compute)
    return menu["root"], menu["items"]


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The main navigation: the home page's children marked "show in menus"."""
    request = context.get("request")
    root, items = _menu_items(request) if request else (None, [])
    current = context.get("page") or context.get("self")
    return {"root": root, "items": items, "current_path": getattr(current, "path", "")}


def _routed_ancestors(request, page, user):
    """The live ancestors of the page being served that ``user`` may see, from the pages its
    routing read (PortalPage.route), or ``None`` when they must be queried."""
    routed = getattr(request, "_portal_route_ancestors", None)
    if routed is None or routed[0] != page.pk:
        return None
    live = [ancestor for ancestor in routed[1] if ancestor.live and ancestor.depth >= 2]
    return visible_page_list(live, user)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=None):
    """Ancestors from the home page down, then the current page (or a named view)."""
    request = context.get("request")
    page = page or context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        # A partner never reads the title of an ancestor they may not open: it is skipped.
        user = getattr(request, "user", None)
        ancestors = _routed_ancestors(request, page, user)
        if ancestors is None:
            ancestors = list(visible_pages(page.get_ancestors().filter(depth__gte=2).live(), user))
    elif page is None and request is not None:
        root = _site_root(request)
        ancestors = [root] if root is not None else []
    return {
        "ancestors": ancestors,
        "page": page,
        "current_title": current_title or (page.title if page is not None else ""),
    }


@register.filter
def error_anchor(bound_field):
    """The id an error summary links to: the field, or the first option of a choice group.

    Django gives radio and checkbox groups no ``id_for_label`` (their label is a legend), so the
    link goes to the group's first option, ``<auto_id>_0``.
    """
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


# GET parameters that are not filters.
NOT_FILTERS = {"page"}


@register.simple_tag(takes_context=True)
def title_state(context):
    """What sets this state of a list apart in ``<title>`` (RGAA 8.6: unique, relevant titles).

    A filtered list says so, and a later page of results gives its number: "… – résultats
    filtrés – page 2". Read from the query string only: the title is written before the list
    is computed (and the list may come from the cache). The search page shows its query in its
    title already (``q`` is not a filter there).
    """
    request = context.get("request")
    if request is None or request.method != "GET":
        return ""
    parts = []
    ignored = NOT_FILTERS | ({"q"} if "search_query" in context else set())
    if any(value for key, value in request.GET.items() if key not in ignored):
        parts.append(gettext("résultats filtrés"))
    number = request.GET.get("page", "")
    if number.isdigit() and int(number) > 1:
        parts.append(gettext("page %(number)s") % {"number": int(number)})
    return "".join(f" – {part}" for part in parts)


@register.simple_tag(takes_context=True)
def title_error_prefix(context):
    """ "Erreur : " before the title of a page whose form came back with errors (RGAA 11.10)."""
    request = context.get("request")
    if request is None or request.method != "POST":
        return ""
    form = context.get("form")
    if form is not None and getattr(form, "errors", None):
        return gettext("Erreur : ")
    return ""


@register.simple_tag(takes_context=True)
def unique_id(context, prefix):
    """An id unique in the page being rendered (``prefix-1``, ``prefix-2``…), for ARIA links."""
    request = context.get("request")
    if request is None:
        import uuid

        return f"{prefix}-{uuid.uuid4().hex[:8]}"
    counters = request.__dict__.setdefault("_portal_unique_ids", {})
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}-{counters[prefix]}"


def _first_of_month(value, fmt):
    """The format with "1er" for the first day of a month (French typography)."""
    import re

    if getattr(value, "day", None) == 1:
        return re.sub(r"(?<!\\)j", r"j\\e\\r", fmt)
    return fmt


@register.filter
def french_date(value, fmt="j F Y"):
    """Django's ``date`` filter, with "1er" on the first of the month: « 1er janvier 2025 »."""
    from django.template.defaultfilters import date as date_filter

    if not value:
        return ""
    return date_filter(value, _first_of_month(value, fmt))


VOWELS = "aeiouyhàâäéèêëîïôöûüœ"


@register.simple_tag
def date_range(start, end, fmt="F Y"):
    """« De janvier à juin 2025 », « D'octobre 2025 à juin 2026 », « Depuis avril 2025 »."""
    if not start:
        return ""
    start_text = french_date(start, fmt)
    if not end:
        return gettext("Depuis %(start)s") % {"start": start_text}
    if fmt == "F Y" and start.year == end.year:
        start_text = french_date(start, "F")
    values = {"start": start_text, "end": french_date(end, fmt)}
    if start_text[:1].lower() in VOWELS:  # elision: « d'octobre », « d'avril »
        return gettext("D'%(start)s à %(end)s") % values
    return gettext("De %(start)s à %(end)s") % values


# Domains reserved for examples (RFC 2606): the demo's invented addresses use them.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


_EXAMPLE_MARKS = {}


def example_mark_html():
    """The « Exemple fictif » mark of ``includes/example_mark.html``, as HTML, for the lists
    written in Python (sessions, network organisations): rendered once per language."""
    language = get_language()
    if language not in _EXAMPLE_MARKS:
        _EXAMPLE_MARKS[language] = mark_safe(render_to_string("includes/example_mark.html").strip())
    return _EXAMPLE_MARKS[language]


@register.filter
def is_example_address(email):
    """Whether an e-mail address is an invented one (reserved example domain)."""
    domain = str(email or "").rpartition("@")[2].lower()
    return domain in EXAMPLE_DOMAINS or domain.endswith(tuple("." + d for d in EXAMPLE_DOMAINS))
