"""The network's FilterSets: one per listing, each feeding every view of it.

- :class:`OrganisationFilterSet`: the network map page's list, its map and its GeoJSON.
- :class:`ExperienceFilterSet`: the experience index's list and its small map.
- :class:`OrganisationAdminFilterSet`, :class:`ContactAdminFilterSet`: the admin lists'
  territory and theme filters and their exports (the "current filter").

The territory rule ("this territory or its parent": an EPCI covers its communes) and the theme
rule live once, in :meth:`NetworkFilterSet.filter_territory` and
:meth:`NetworkFilterSet.filter_theme`.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

import django_filters

from portal.filters import PortalFilterSet
from taxonomy.models import Theme

from .models.content import Contact, ExperiencePage, Organisation, Territory

# The admin list's free-text search, per model (also the ModelAdmins' ``search_fields``).
SEARCH_FIELDS = {
    "organisation": ("name", "address", "territory__name"),
    "contact": ("first_name", "last_name", "email", "job_title", "organisation__name"),
}


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TerritoryChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TerritoryChoiceField


class IdFilter(django_filters.Filter):
    """A primary key typed in the admin's query string (an unknown one matches nothing)."""

    field_class = forms.IntegerField


class NetworkFilterSet(PortalFilterSet):
    """The rules shared by the network's filters; ``value`` is an instance or a primary key."""

    def filter_territory(self, queryset, name, value):
        """This territory or its parent: a department, an EPCI covers its communes."""
        if value in (None, ""):
            return queryset
        rule = Q(territory=value) | Q(territory__parent=value)
        if queryset.model is Contact:
            links = Contact.territories.through.objects.filter(rule, contact=OuterRef("pk"))
            return queryset.filter(Exists(links))
        return queryset.filter(rule)

    def filter_theme(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        links = queryset.model.themes.through.objects.filter(
            theme=value, **{queryset.model._meta.model_name: OuterRef("pk")}
        )
        return queryset.filter(Exists(links))


class OrganisationFilterSet(NetworkFilterSet):
    """The map page's filters: its list, its map and its GeoJSON read the same parameters."""

    cached_choices = ("theme", "territory")

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        max_length=100,
        help_text=_("Nom d'une organisation, d'un territoire ou d'un contact."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        queryset=lambda request: Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Toutes les thématiques"),
        method="filter_theme",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'organisation"),
        choices=Organisation.Kind.choices,
        empty_label=_("Tous les types"),
    )
    territory = TerritoryChoiceFilter(
        label=_("Territoire"),
        queryset=lambda request: Territory.objects.order_by("name").only("id", "name"),
        empty_label=_("Tous les territoires"),
        method="filter_territory",
    )

    def __init__(self, data=None, queryset=None, *, contacts, **kwargs):
        # The contacts the user may see: the search finds an organisation by those only.
        self.contacts = contacts
        super().__init__(data, queryset, **kwargs)

    def search(self, queryset, name, value):
        matching_contacts = self.contacts.filter(organisation=OuterRef("pk")).filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(job_title__icontains=value)
        )
        return queryset.filter(
            Q(name__icontains=value)
            | Q(territory__name__icontains=value)
            | Q(address__icontains=value)
            | Exists(matching_contacts)
        )


def territories_with_experiences(request):
    """Territories with experiences, and their parents (an EPCI covers its communes)."""
    return (
        Territory.objects.filter(
            Q(experience_pages__isnull=False) | Q(children__experience_pages__isnull=False)
        )
        .distinct()
        .order_by("name")
    )


class ExperienceFilterSet(NetworkFilterSet):
    """The experience index's filters: its list and its map."""

    cached_choices = ("theme", "territory")

    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        queryset=lambda request: Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Toutes les thématiques"),
        method="filter_theme",
    )
    territory = TerritoryChoiceFilter(
        label=_("Territoire"),
        queryset=territories_with_experiences,
        empty_label=_("Tous les territoires"),
        method="filter_territory",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'organisation"),
        choices=Organisation.Kind.choices,
        empty_label=_("Tous les types"),
        method="filter_organisation_kind",
    )

    def filter_organisation_kind(self, queryset, name, value):
        links = ExperiencePage.organisations.through.objects.filter(
            experiencepage=OuterRef("pk"), organisation__kind=value
        )
        return queryset.filter(Exists(links))


class AdminFilterSet(NetworkFilterSet):
    """The admin list's filters and search, applied by the list and by its exports.

    The parameters are the admin list's own (``territory``, ``theme``, ``kind__exact``…);
    each is applied alone, an invalid one ignored.
    """

    all_or_nothing = False
    model_name = None

    territory = IdFilter(method="filter_territory")
    theme = IdFilter(method="filter_theme")
    visible_to_partners__exact = django_filters.CharFilter(method="filter_visible")
    q = django_filters.CharFilter(method="search")

    def filter_visible(self, queryset, name, value):
        return queryset.filter(visible_to_partners=value in ("1", "True", "true"))

    def search(self, queryset, name, value):
        condition = Q()
        for field in SEARCH_FIELDS[self.model_name]:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def active_filters(self):
        filters = super().active_filters()
        if "visible_to_partners__exact" in filters:
            value = filters["visible_to_partners__exact"]
            filters["visible_to_partners__exact"] = str(value in ("1", "True", "true"))
        return filters


class OrganisationAdminFilterSet(AdminFilterSet):
    model_name = "organisation"

    kind__exact = django_filters.CharFilter(field_name="kind", lookup_expr="exact")


class ContactAdminFilterSet(AdminFilterSet):
    model_name = "contact"

    organisation__kind__exact = django_filters.CharFilter(
        field_name="organisation__kind", lookup_expr="exact"
    )


ADMIN_FILTERSETS = {"organisation": OrganisationAdminFilterSet, "contact": ContactAdminFilterSet}


def admin_filterset(params, queryset):
    """The admin list's FilterSet for ``queryset``'s model, bound to ``params``."""
    return ADMIN_FILTERSETS[queryset.model._meta.model_name](params, queryset=queryset)
