from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wagtail import hooks

from portal.access import can_view_page


@hooks.register("before_serve_page")
def refuse_pages_hidden_from_partners(page, request, serve_args, serve_kwargs):
    if not can_view_page(request.user, page):
        raise PermissionDenied(_("Cette page n'est pas ouverte aux partenaires."))
