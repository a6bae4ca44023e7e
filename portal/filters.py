"""The one filter layer: django-filter FilterSets, read from GET parameters.

Every listing of the portal (index pages, experiences, the network map and its GeoJSON, the
admin lists' exports) filters through a :class:`PortalFilterSet` subclass declared beside it.
Its form works without JavaScript and is what the templates render (``filterset.form``).

Bad input never raises: an invalid value is reported by the form and ignored. Listings shown
to visitors ignore every filter while one is invalid (``all_or_nothing``: the list stays
whole, the error says why); the admin lists' filters are independent of each other.
"""

from django import forms
from django.utils.http import urlencode

import django_filters


class FilterForm(forms.Form):
    """The form of a :class:`PortalFilterSet`: what the templates need besides the fields."""

    def applied(self):
        """``{name: raw GET value}`` of the filters that hold a valid, non-empty value."""
        if not self.is_bound:
            return {}
        self.is_valid()  # builds cleaned_data (valid fields only)
        return {
            name: self.data.get(name)
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], ())
        }

    @property
    def active(self):
        return self.is_bound and self.is_valid() and bool(self.applied())

    def query_string(self):
        """The active filters as a query string, kept by the pagination links."""
        if not self.is_bound or not self.is_valid():
            return ""
        return urlencode(self.applied())


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a :class:`FilterForm`.

    ``all_or_nothing``: while one value is invalid, no filter applies (visitors' listings).
    """

    all_or_nothing = True

    class Meta:
        form = FilterForm

    def filter_queryset(self, queryset):
        if self.all_or_nothing and not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def active_filters(self):
        """The applied filters as plain strings (the export log, the page's summary)."""
        # is_valid() builds cleaned_data (the valid fields only, when some are not).
        if not self.is_bound or (not self.form.is_valid() and self.all_or_nothing):
            return {}
        return {
            name: str(value)
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [], ())
        }
