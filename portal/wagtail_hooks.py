from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import modeladmin_register

from portal import admin_views
from portal.access import can_view_page, is_coordinator, may_read_file
from portal.modeladmin import FrenchDateFilter, PortalModelAdmin
from portal.models import ExportLog


@hooks.register("before_serve_document")
def serve_documents_only_to_readers_of_a_page_using_them(document, request):
    """A document is served to whoever may read at least one live page that uses it (Wagtail's
    reference index knows which), or may manage documents; to nobody else, so that an unused
    or partner-hidden document cannot be fetched by guessing its id."""
    if may_read_file(request.user, document):
        return None
    raise PermissionDenied(_("Ce document n'est pas ouvert à votre compte."))


@hooks.register("before_serve_page")
def refuse_pages_hidden_from_partners(page, request, serve_args, serve_kwargs):
    if not can_view_page(request.user, page):
        raise PermissionDenied(_("Cette page n'est pas ouverte aux partenaires."))


class ReadOnlyPermissionHelper(PermissionHelper):
    """Logs are written by the exports themselves: in the admin they are only read."""

    def user_can_list(self, user):
        return user.has_perm("portal.view_exportlog")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ExportLogAdmin(PortalModelAdmin):
    model = ExportLog
    menu_label = gettext_lazy("Journal des exports")
    menu_icon = "list-ul"
    menu_order = 900
    add_to_settings_menu = False
    list_display = ("created_at", "username", "what", "format", "row_count")
    list_filter = ("format", ("created_at", FrenchDateFilter))
    search_fields = ("username", "what")
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper


modeladmin_register(ExportLogAdmin)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    """The listings' layout in Wagtail 8 (portal/static/portal/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))


@hooks.register("register_admin_urls")
def register_failed_tasks_url():
    return [
        path("taches-en-echec/", admin_views.failed_tasks, name="portal_failed_tasks"),
        path("connexions-bloquees/", admin_views.locked_sign_ins, name="portal_locked_sign_ins"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_failed_tasks_menu_item():
    return SuperuserMenuItem(
        gettext_lazy("Tâches en échec"),
        reverse("portal_failed_tasks"),
        icon_name="warning",
        order=900,
    )


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_settings_menu_item")
def register_locked_sign_ins_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Connexions bloquées"),
        reverse("portal_locked_sign_ins"),
        icon_name="lock",
        order=910,
    )
