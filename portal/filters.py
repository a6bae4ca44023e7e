"""The one filter layer: django-filter FilterSets, read from GET parameters.

Every listing of the portal (index pages, experiences, the network map and its GeoJSON, the
admin lists' exports) filters through a :class:`PortalFilterSet` subclass declared beside it.
Its form works without JavaScript and is what the templates render (``filterset.form``).

Bad input never raises: an invalid value is reported by the form and ignored. Listings shown
to visitors ignore every filter while one is invalid (``all_or_nothing``: the list stays
whole, the error says why); the admin lists' filters are independent of each other.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

import django_filters

from portal.cache import cached


def _attributes(attrs):
    """Django's ``django/forms/widgets/attrs.html``, in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class ListSelect(forms.Select):
    """Django's ``Select`` with the same HTML, written without rendering a template per option:
    a filter's list of territories holds hundreds of them, rendered on every page view."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        name = conditional_escape(widget["name"])
        parts = [f'<select name="{name}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class FilterForm(forms.Form):
    """The form of a :class:`PortalFilterSet`: what the templates need besides the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                # Same widget, same choices and attributes: only its rendering is faster.
                field.widget.__class__ = ListSelect

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


def _cache_choices(name, field):
    """Give the model choice ``field`` the options its queryset would list (the same values
    and labels as Django's ``ModelChoiceIterator``), computed once per content version."""
    options = cached(
        name,
        lambda: [
            (field.prepare_value(row), field.label_from_instance(row)) for row in field.queryset
        ],
    )
    first = [("", field.empty_label)] if field.empty_label is not None else []
    if getattr(field, "null_label", None) is not None:  # django-filter's "null" choice
        first.append((field.null_value, field.null_label))
    # Django's own setter: django-filter's would wrap the list in a model choice iterator.
    forms.ChoiceField.choices.fset(field, first + options)


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a :class:`FilterForm`.

    ``all_or_nothing``: while one value is invalid, no filter applies (visitors' listings).
    """

    all_or_nothing = True
    #: Model choice fields whose options (themes, territories: rows that change with the
    #: content) are read from the cache under the content version (``portal.cache.cached``)
    #: rather than queried on every view; a value given is still checked against the database.
    cached_choices = ()

    class Meta:
        form = FilterForm

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in self.cached_choices:
                _cache_choices(f"filter-choices:{type(self).__name__}:{name}", form.fields[name])
        return self._form

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
