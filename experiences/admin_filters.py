"""List filters of the admin lists (territory, theme), applied by the admin lists' FilterSets.

Django's related-field list filters need ``django.contrib.admin``, which the portal does not
install: these simple filters read the same GET parameters as the exports and hand them to
:func:`experiences.filters.admin_filterset`, so the list and its exports filter alike.
"""

from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Theme

from .filters import admin_filterset
from .models import Territory


class AdminListFilter(SimpleListFilter):
    def queryset(self, request, queryset):
        return admin_filterset({self.parameter_name: self.value()}, queryset).qs


class TerritoryFilter(AdminListFilter):
    title = _("territoire")
    parameter_name = "territory"

    def lookups(self, request, model_admin):
        return [
            (t.pk, t.name)
            for t in Territory.objects.filter(
                kind__in=["commune", "epci", "qpv", "departement", "region"]
            ).order_by("name")
        ]


class ThemeFilter(AdminListFilter):
    title = _("thématique")
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return [(theme.pk, theme.name) for theme in Theme.objects.order_by("name")]
