"""The FilterSet of index pages: theme, format, kind, season, period (past / upcoming).

Each index page declares the filters it offers (``IndexPage.listing_filters``) and gets a
FilterSet with those only (:func:`listing_filterset_class`). GET only, readable and usable
without JavaScript.
"""

from functools import cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from portal.filters import PortalFilterSet

PERIOD_UPCOMING = "a-venir"
PERIOD_PAST = "passees"


class ListingFilterSet(PortalFilterSet):
    """Base of the index pages' FilterSets; the choices come from the index (``choices``).

    ``date_field``: the pages' date, for the season and period filters.
    """

    def __init__(self, data=None, queryset=None, *, date_field=None, seasons=(), choices=None):
        super().__init__(data, queryset)
        self.date_field = date_field
        self.seasons = {season.slug: season for season in seasons}
        for name, values in (choices or {}).items():
            if name in self.filters:
                self.filters[name].extra["choices"] = values
        if "season" in self.filters:
            self.filters["season"].extra["choices"] = [
                (season.slug, season.title) for season in seasons
            ]

    def filter_season(self, queryset, name, value):
        if not self.date_field:
            return queryset
        season = self.seasons[value]
        return queryset.filter(
            **{f"{self.date_field}__range": (season.start_date, season.end_date)}
        )

    def filter_period(self, queryset, name, value):
        if not self.date_field:
            return queryset
        today = timezone.localdate()
        if value == PERIOD_UPCOMING:
            return queryset.filter(**{f"{self.date_field}__gte": today}).order_by(self.date_field)
        return queryset.filter(**{f"{self.date_field}__lt": today}).order_by(f"-{self.date_field}")


# The filters an index page may offer, in the order the form shows them.
LISTING_FILTERS = {
    "theme": lambda: django_filters.ChoiceFilter(
        label=_("Thème"), field_name="themes__slug", empty_label=_("Tous les thèmes")
    ),
    "format": lambda: django_filters.ChoiceFilter(
        label=_("Format"), empty_label=_("Tous les formats")
    ),
    "kind": lambda: django_filters.ChoiceFilter(label=_("Type"), empty_label=_("Tous les types")),
    "season": lambda: django_filters.ChoiceFilter(
        label=_("Saison"), empty_label=_("Toutes les saisons"), method="filter_season"
    ),
    "period": lambda: django_filters.ChoiceFilter(
        label=_("Période"),
        empty_label=_("Toutes les dates"),
        choices=[(PERIOD_UPCOMING, _("À venir")), (PERIOD_PAST, _("Passées"))],
        method="filter_period",
    ),
}


@cache
def listing_filterset_class(names):
    """The FilterSet of an index offering the filters ``names`` (a tuple)."""
    filters = {name: make() for name, make in LISTING_FILTERS.items() if name in names}
    return type("ListingFilterSet", (ListingFilterSet,), filters)
