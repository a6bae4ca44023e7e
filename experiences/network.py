"""The network map's one query: the same filtered organisations feed the list, map and GeoJSON.

:func:`network_organisations` applies the visibility rule (``portal.access.is_partner_only``:
partners see only organisations and contacts marked visible to partners) and the user's
filters. The map page's list (:func:`map_page_context`), the map's data and the GeoJSON
endpoint (:func:`geojson_response`, which the map loads) are all built from it.
"""

import json

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from portal.access import is_partner_only, visible_pages

from .models import Contact, ExperiencePage, Organisation, Territory

GEOJSON_CONTENT_TYPE = "application/geo+json"


def theme_model():
    return apps.get_model("pages", "Theme")


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NetworkFilterForm(forms.Form):
    """Filters of the map page; GET parameters shared by the list, the map and the GeoJSON."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom d'une organisation, d'un territoire ou d'un contact."),
    )
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les thématiques"),
    )
    kind = forms.ChoiceField(
        label=_("Type d'organisation"),
        choices=[("", _("Tous les types")), *Organisation.Kind.choices],
        required=False,
    )
    territory = TerritoryChoiceField(
        label=_("Territoire"),
        queryset=None,
        required=False,
        empty_label=_("Tous les territoires"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = theme_model().objects.order_by("name")
        self.fields["territory"].queryset = Territory.objects.order_by("name").only("id", "name")

    def active_filters(self):
        """The applied filters, as plain strings (for the export log and the page)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")
        }


def visible_contacts(user):
    contacts = Contact.objects.order_by("last_name", "first_name").only(
        "id", "organisation_id", "first_name", "last_name", "job_title", "email", "phone"
    )
    if is_partner_only(user):
        contacts = contacts.filter(visible_to_partners=True)
    return contacts


def network_organisations(user, params=None):
    """``(form, queryset)``: the organisations ``user`` may see, filtered by ``params``.

    Each organisation comes with ``visible_contacts`` (a list, already filtered by the same
    rule), its territory and its themes, in a constant number of queries.
    """
    form = NetworkFilterForm(params if params else None)
    organisations = Organisation.objects.all()
    contacts = visible_contacts(user)
    if is_partner_only(user):
        organisations = organisations.filter(visible_to_partners=True)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            text = data["q"]
            matching_contacts = contacts.filter(organisation=OuterRef("pk")).filter(
                Q(first_name__icontains=text)
                | Q(last_name__icontains=text)
                | Q(job_title__icontains=text)
            )
            organisations = organisations.filter(
                Q(name__icontains=text)
                | Q(territory__name__icontains=text)
                | Q(address__icontains=text)
                | Exists(matching_contacts)
            )
        if data["theme"]:
            organisation_themes = Organisation.themes.through.objects.filter(
                organisation=OuterRef("pk"), theme=data["theme"]
            )
            organisations = organisations.filter(Exists(organisation_themes))
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["territory"]:
            territory = data["territory"]
            organisations = organisations.filter(
                Q(territory=territory) | Q(territory__parent=territory)
            )
    organisations = (
        organisations.select_related("territory")
        .defer("updated_at", "territory__code", "territory__parent_id")
        .prefetch_related(
            Prefetch(
                "themes", queryset=theme_model().objects.order_by("name"), to_attr="theme_list"
            ),
            Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"),
        )
        .order_by("name")
    )
    return form, organisations


def experiences_by_organisation(request):
    """``{organisation id: [(title, url), …]}`` for the live experiences ``request.user`` may
    see, in two queries whatever the number of organisations."""
    pages = visible_pages(ExperiencePage.objects.live(), request.user).order_by("title")
    by_page = {page.pk: page for page in pages.only("id", "title", "url_path", "path", "depth")}
    links = ExperiencePage.organisations.through.objects.filter(
        experiencepage_id__in=list(by_page)
    ).values_list("organisation_id", "experiencepage_id")
    result = {}
    for organisation_id, page_id in links:
        page = by_page[page_id]
        result.setdefault(organisation_id, []).append((page.title, page.get_url(request)))
    return result


def _point(organisation):
    point = organisation.map_point()
    if point is None:
        return None
    return [round(float(point[1]), 5), round(float(point[0]), 5)]


KIND_LABELS = dict(Organisation.Kind.choices)


def feature(organisation, experiences, kind_labels):
    """One organisation as a GeoJSON feature (``geometry`` is None when it has no point)."""
    point = _point(organisation)
    territory = organisation.territory
    return {
        "type": "Feature",
        "id": organisation.pk,
        "geometry": {"type": "Point", "coordinates": point} if point else None,
        "properties": {
            "id": organisation.pk,
            "name": organisation.name,
            "kind": kind_labels[organisation.kind],
            "address": organisation.address,
            "website": organisation.website,
            "territory": territory.name if territory else "",
            "themes": [theme.name for theme in organisation.theme_list],
            "contacts": [
                {
                    "name": contact.full_name,
                    "job_title": contact.job_title,
                    "email": contact.email,
                    "phone": contact.phone,
                }
                for contact in organisation.visible_contacts
            ],
            "experiences": [{"title": title, "url": url} for title, url in experiences],
        },
    }


def feature_collection(request, organisations):
    experiences = experiences_by_organisation(request)
    kind_labels = {code: str(label) for code, label in KIND_LABELS.items()}  # translated once
    features = [
        feature(organisation, experiences.get(organisation.pk, []), kind_labels)
        for organisation in organisations
    ]
    return {"type": "FeatureCollection", "features": [f for f in features if f["geometry"]]}


def geojson_response(request):
    _form, organisations = network_organisations(request.user, request.GET)
    data = feature_collection(request, organisations)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type=f"{GEOJSON_CONTENT_TYPE}; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def map_settings():
    return {
        "tileUrl": getattr(settings, "MAP_TILE_URL", ""),
        "tileAttribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }


def map_page_context(page, request):
    form, organisations = network_organisations(request.user, request.GET)
    paginator = Paginator(organisations, page.per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    experiences = experiences_by_organisation(request)
    for organisation in page_obj.object_list:
        organisation.experience_links = experiences.get(organisation.pk, [])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "active_filters": form.active_filters(),
        "organisations": page_obj,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "extra_query": query.urlencode(),
        "geojson_url": page.url
        + page.reverse_subpage("geojson")
        + (f"?{query.urlencode()}" if query else ""),
        "map_settings": map_settings(),
    }
