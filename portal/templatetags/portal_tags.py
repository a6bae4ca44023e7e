from django import template

from wagtail.models import Site

from portal.access import visible_pages

register = template.Library()


def _site_root(request):
    if not hasattr(request, "_portal_site_root"):
        site = Site.find_for_request(request)
        request._portal_site_root = site.root_page.specific if site else None
    return request._portal_site_root


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The main navigation: the home page's children marked "show in menus"."""
    request = context.get("request")
    root = _site_root(request) if request else None
    items = []
    if root is not None:
        items = list(visible_pages(root.get_children().live().in_menu(), request.user))
    current = context.get("page") or context.get("self")
    current_path = getattr(current, "path", "")
    return {
        "root": root,
        "items": items,
        "current_path": current_path,
        "request": request,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=None):
    """Ancestors from the home page down, then the current page (or a named view)."""
    request = context.get("request")
    page = page or context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).live())
    elif page is None and request is not None:
        root = _site_root(request)
        ancestors = [root] if root is not None else []
    return {
        "ancestors": ancestors,
        "page": page,
        "current_title": current_title or (page.title if page is not None else ""),
    }
