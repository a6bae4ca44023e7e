"""Coordination's read-only listings of registrations and attendance, and the requests link.

Registering, cancelling and marking attendance go through the portal's own forms (one rule,
one transaction each); the admin only lists, filters and exports what they wrote.
"""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from portal.access import is_coordinator
from portal.modeladmin import FrenchDateFilter, PortalModelAdmin, yes_no
from portal.templatetags.portal_tags import is_example_address

from . import admin_views
from .admin_filters import PresenceFilter, ServiceFilter, SessionFilter, StatusFilter
from .models import Attendance, Registration


class ExportIndexView(IndexView):
    """The listing, with CSV/XLSX links that export what the current filter shows."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        querystring = self.request.GET.copy()
        for name in ("p", "o"):
            querystring.pop(name, None)
        suffix = f"?{querystring.urlencode()}" if querystring else ""
        model_name = self.opts.model_name
        context["export_links"] = [
            (label, reverse("registrations_export", args=[model_name, fmt]) + suffix)
            for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"))
        ]
        return context


class ReadOnlyModelAdmin(PortalModelAdmin):
    index_view_class = ExportIndexView
    index_template_name = "registrations/admin/index.html"
    list_per_page = 50

    def get_permission_helper_class(self):
        helper = super().get_permission_helper_class()

        class ReadOnlyPermissionHelper(helper):
            def user_can_create(self, user):
                return False

            def user_can_edit_obj(self, user, obj):
                return False

            def user_can_delete_obj(self, user, obj):
                return False

        return ReadOnlyPermissionHelper


def person(obj):
    """The person's name, marked « Exemple fictif » when their address is an invented one."""
    if obj.user_id is None:
        name = getattr(obj, "name", "") or getattr(obj, "email", "")
        email = getattr(obj, "email", "")
    else:
        name = obj.user.get_full_name() or obj.user.get_username()
        email = obj.user.email
    if is_example_address(email):
        return format_html("{} {}", name, render_to_string("includes/example_mark.html"))
    return name


person.short_description = _("personne")


def session_column(obj):
    return obj.session


session_column.short_description = _("session")
session_column.admin_order_field = "session__start"


class RegistrationAdmin(ReadOnlyModelAdmin):
    model = Registration
    menu_label = _("Inscriptions")
    menu_icon = "list-ul"
    list_display = (person, session_column, "service", "status", "rank", "created")
    list_filter = (SessionFilter, ServiceFilter, StatusFilter, ("created", FrenchDateFilter))
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "service",
    )
    list_select_related = ("user", "session__module")


class AttendanceAdmin(ReadOnlyModelAdmin):
    model = Attendance
    menu_label = _("Présences")
    menu_icon = "tick"
    list_display = (
        person,
        session_column,
        yes_no("present", _("Présent ou présente")),
        yes_no("walk_in", _("Venue sans inscription")),
        "marked_at",
    )
    list_filter = (SessionFilter, PresenceFilter)
    search_fields = ("name", "email", "user__username", "user__last_name", "user__email")
    list_select_related = ("user", "session__module")


class RegistrationsGroup(ModelAdminGroup):
    menu_label = _("Inscriptions et présences")
    menu_icon = "date"
    menu_order = 260
    items = (RegistrationAdmin, AttendanceAdmin)


modeladmin_register(RegistrationsGroup)


@hooks.register("register_admin_urls")
def register_registrations_urls():
    return [
        path(
            "inscriptions/<str:model_name>/export/<str:fmt>/",
            admin_views.export_view,
            name="registrations_export",
        ),
    ]


class CoordinationMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def tailor_made_requests_menu_item():
    return CoordinationMenuItem(
        _("Demandes sur-mesure"),
        reverse("registrations:requests"),
        icon_name="help",
        order=265,
    )
