"""List filters of the admin lists, shared by the export views (the "current filter").

Django's related-field list filters need ``django.contrib.admin``, which the portal does not
install: these simple filters read the same GET parameters as :func:`apply_admin_filters`.
"""

from django.contrib.admin import SimpleListFilter
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Theme

from .models import Contact, Organisation, Territory


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filter_by_territory(queryset, value):
    territory_id = _int(value)
    if territory_id is None:
        return queryset
    if queryset.model is Organisation:
        return queryset.filter(Q(territory_id=territory_id) | Q(territory__parent_id=territory_id))
    through = Contact.territories.through.objects.filter(contact=OuterRef("pk")).filter(
        Q(territory_id=territory_id) | Q(territory__parent_id=territory_id)
    )
    return queryset.filter(Exists(through))


def filter_by_theme(queryset, value):
    theme_id = _int(value)
    if theme_id is None:
        return queryset
    through = queryset.model.themes.through.objects.filter(theme_id=theme_id)
    owner = "organisation" if queryset.model is Organisation else "contact"
    return queryset.filter(Exists(through.filter(**{owner: OuterRef("pk")})))


class TerritoryFilter(SimpleListFilter):
    title = _("territoire")
    parameter_name = "territory"

    def lookups(self, request, model_admin):
        return [
            (t.pk, t.name)
            for t in Territory.objects.filter(
                kind__in=["commune", "epci", "qpv", "departement", "region"]
            ).order_by("name")
        ]

    def queryset(self, request, queryset):
        return filter_by_territory(queryset, self.value())


class ThemeFilter(SimpleListFilter):
    title = _("thématique")
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return [(theme.pk, theme.name) for theme in Theme.objects.order_by("name")]

    def queryset(self, request, queryset):
        return filter_by_theme(queryset, self.value())


def apply_admin_filters(queryset, params):
    """The admin list's filters and search applied outside the admin (exports)."""
    from .admin_views import SEARCH_FIELDS

    filters = {}
    model_name = queryset.model._meta.model_name
    for name in ("territory", "theme"):
        if params.get(name):
            filters[name] = params[name]
    queryset = filter_by_territory(queryset, params.get("territory"))
    queryset = filter_by_theme(queryset, params.get("theme"))
    for name in ("kind__exact", "organisation__kind__exact", "visible_to_partners__exact"):
        value = params.get(name, "")
        if value == "" or (name == "kind__exact" and model_name != "organisation"):
            continue
        if name == "organisation__kind__exact" and model_name != "contact":
            continue
        if name == "visible_to_partners__exact":
            value = value in ("1", "True", "true")
        queryset = queryset.filter(**{name: value})
        filters[name] = str(value)
    query = params.get("q", "").strip()
    if query:
        condition = Q()
        for field in SEARCH_FIELDS[model_name]:
            condition |= Q(**{f"{field}__icontains": query})
        queryset = queryset.filter(condition)
        filters["q"] = query
    return queryset, filters
