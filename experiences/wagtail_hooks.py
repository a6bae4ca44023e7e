from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from portal.access import visible_pages
from portal.audience_cache import cached_per_audience
from portal.modeladmin import PortalModelAdmin, yes_no

from . import admin_views
from .admin_filters import TerritoryFilter, ThemeFilter
from .filters import SEARCH_FIELDS
from .models import Contact, ExperiencePage, Organisation, Territory


class NetworkIndexView(IndexView):
    """The admin list, with export buttons (current filter applied) and an import link."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model_name = self.opts.model_name
        user = self.request.user
        querystring = self.request.GET.copy()
        for name in ("p", "o"):
            querystring.pop(name, None)
        context["export_links"] = (
            export_links(model_name, querystring.urlencode())
            if user.has_perm(f"experiences.export_{model_name}")
            else []
        )
        context["import_url"] = (
            reverse("experiences_import", args=[model_name])
            if user.has_perm(f"experiences.import_{model_name}")
            else ""
        )
        return context


class NetworkModelAdmin(PortalModelAdmin):
    index_view_class = NetworkIndexView
    index_template_name = "experiences/admin/index.html"
    list_per_page = 50


class TerritoryAdmin(PortalModelAdmin):
    model = Territory
    menu_label = _("Territoires")
    menu_icon = "site"
    add_label = _("Ajouter un territoire")
    list_display = ("name", "kind", "code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    list_select_related = ("parent",)


class OrganisationAdmin(NetworkModelAdmin):
    model = Organisation
    menu_label = _("Organisations")
    menu_icon = "group"
    add_label = _("Ajouter une organisation")
    list_display = (
        "name",
        "kind",
        "territory",
        yes_no("visible_to_partners", _("Visible par les partenaires")),
        "updated_at",
    )
    list_filter = ("kind", TerritoryFilter, ThemeFilter, "visible_to_partners")
    search_fields = SEARCH_FIELDS["organisation"]
    list_select_related = ("territory",)


class ContactAdmin(NetworkModelAdmin):
    model = Contact
    menu_label = _("Contacts")
    menu_icon = "user"
    add_label = _("Ajouter un contact")
    list_display = (
        "last_name",
        "first_name",
        "job_title",
        "organisation",
        "email",
        yes_no("visible_to_partners", _("Visible par les partenaires")),
        "updated_at",
        "confirmed_on",
    )
    list_filter = ("organisation__kind", TerritoryFilter, ThemeFilter, "visible_to_partners")
    search_fields = SEARCH_FIELDS["contact"]
    list_select_related = ("organisation",)


class NetworkGroup(ModelAdminGroup):
    menu_label = _("Réseau territorial")
    menu_icon = "globe"
    menu_order = 250
    items = (OrganisationAdmin, ContactAdmin, TerritoryAdmin)


modeladmin_register(NetworkGroup)


@hooks.register("register_admin_urls")
def register_network_urls():
    return [
        path(
            "reseau/<str:model_name>/export/<str:fmt>/",
            admin_views.export_view,
            name="experiences_export",
        ),
        path(
            "reseau/<str:model_name>/import/",
            admin_views.import_view,
            name="experiences_import",
        ),
        path(
            "reseau/<str:model_name>/import/<uuid:run_id>/",
            admin_views.import_run_view,
            name="experiences_import_run",
        ),
        path(
            "reseau/<str:model_name>/import/<uuid:run_id>/confirmer/",
            admin_views.import_confirm_view,
            name="experiences_import_confirm",
        ),
    ]


@hooks.register("portal_home_sections")
def latest_experiences(request, home_page):
    pages = cached_per_audience(
        request,
        "experiences-latest",
        lambda: list(
            visible_pages(ExperiencePage.objects.live(), request.user)
            .select_related("territory")
            .order_by("-date", "-first_published_at")[:3]
        ),
    )
    if not pages:
        return None
    return {
        "order": 40,
        "template": "experiences/includes/home_experiences.html",
        "context": {"experiences": pages},
    }


def export_links(model_name, querystring):
    suffix = f"?{querystring}" if querystring else ""
    return [
        (label, reverse("experiences_export", args=[model_name, fmt]) + suffix)
        for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
    ]
