"""The filter form of index pages: theme, format, kind, season, period (past / upcoming).

GET only, readable and usable without JavaScript.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIOD_UPCOMING = "a-venir"
PERIOD_PAST = "passees"


class ListingFilterForm(forms.Form):
    """Built with only the filters an index needs (``fields``); works without JavaScript."""

    theme = forms.ChoiceField(label=_("Thème"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    season = forms.ChoiceField(label=_("Saison"), required=False)
    period = forms.ChoiceField(
        label=_("Période"),
        required=False,
        choices=[
            ("", _("Toutes les dates")),
            (PERIOD_UPCOMING, _("À venir")),
            (PERIOD_PAST, _("Passées")),
        ],
    )

    def __init__(self, data, *, fields, themes=(), formats=(), kinds=(), seasons=()):
        super().__init__(data)
        self.seasons = {season.slug: season for season in seasons}
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        if "theme" in self.fields:
            self.fields["theme"].choices = [("", _("Tous les thèmes"))] + [
                (theme.slug, theme.name) for theme in themes
            ]
        if "format" in self.fields:
            self.fields["format"].choices = [("", _("Tous les formats")), *formats]
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", _("Tous les types")), *kinds]
        if "season" in self.fields:
            self.fields["season"].choices = [("", _("Toutes les saisons"))] + [
                (season.slug, season.title) for season in seasons
            ]

    def filter(self, queryset, *, date_field=None):
        """Apply the valid filters; invalid values are ignored (and shown as errors)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("format"):
            queryset = queryset.filter(format=data["format"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("season") and date_field:
            season = self.seasons[data["season"]]
            queryset = queryset.filter(
                **{f"{date_field}__range": (season.start_date, season.end_date)}
            )
        if data.get("period") and date_field:
            today = timezone.localdate()
            if data["period"] == PERIOD_UPCOMING:
                queryset = queryset.filter(**{f"{date_field}__gte": today}).order_by(date_field)
            else:
                queryset = queryset.filter(**{f"{date_field}__lt": today}).order_by(
                    f"-{date_field}"
                )
        return queryset

    @property
    def active(self):
        return self.is_valid() and any(self.cleaned_data.values())

    def query_string(self):
        """The active filters as a query string, kept by the pagination links."""
        if not self.is_valid():
            return ""
        from django.utils.http import urlencode

        return urlencode({key: value for key, value in self.cleaned_data.items() if value})
