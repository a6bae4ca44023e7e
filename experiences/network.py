"""The network map's one query: the same filtered organisations feed the list, map and GeoJSON.

:func:`network_organisations` applies the visibility rule (``portal.access.visible_records``:
partners see only organisations and contacts marked visible to partners) and the user's
filters (:class:`experiences.filters.OrganisationFilterSet`). The map page's list
(:func:`map_page_context`), the map's data and the GeoJSON endpoint
(:func:`geojson_response`, which the map loads) are all built from it.
"""

import json

from django.conf import settings
from django.db.models import FloatField, Prefetch, Q
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from portal.access import visible_pages, visible_records
from portal.templatetags.portal_tags import example_mark_html, is_example_address
from taxonomy.models import Theme

from .filters import OrganisationFilterSet
from .models.content import Contact, ExperiencePage, Organisation

GEOJSON_CONTENT_TYPE = "application/geo+json"


def visible_contacts(user):
    contacts = Contact.objects.order_by("last_name", "first_name").only(
        "id", "organisation_id", "first_name", "last_name", "job_title", "email", "phone"
    )
    return visible_records(contacts, user)


def filtered_organisations(user, params=None):
    """``(filterset, queryset)``: the organisations ``user`` may see, filtered by ``params``.

    The one rule and the one FilterSet of the map page: its list, its map and the GeoJSON all
    start from this queryset.
    """
    filterset = OrganisationFilterSet(
        params if params else None,
        queryset=visible_records(Organisation.objects.all(), user),
        contacts=visible_contacts(user),
    )
    return filterset, filterset.qs


def network_organisations(user, params=None):
    """The filtered organisations as model instances, for the list: each comes with
    ``visible_contacts`` (filtered by the same rule), its territory and ``theme_list``, in a
    constant number of queries."""
    filterset, organisations = filtered_organisations(user, params)
    contacts = visible_contacts(user)
    organisations = (
        organisations.select_related("territory")
        .defer("updated_at", "territory__code", "territory__parent_id")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name"), to_attr="theme_list"),
            Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"),
        )
        .order_by("name")
    )
    return filterset, organisations


def experiences_by_organisation(request, organisation_ids=None):
    """``{organisation id: [(title, url), …]}`` for the live experiences ``request.user`` may
    see (of the organisations ``organisation_ids`` only, when given), in two queries whatever
    the number of organisations."""
    links = ExperiencePage.organisations.through.objects.all()
    if organisation_ids is not None:
        links = links.filter(organisation_id__in=organisation_ids)
    pages = visible_pages(ExperiencePage.objects.live(), request.user).order_by("title")
    if organisation_ids is not None:
        pages = pages.filter(pk__in=links.values("experiencepage_id"))
    by_page = {page.pk: page for page in pages.only("id", "title", "url_path", "path", "depth")}
    links = links.filter(experiencepage_id__in=list(by_page)).values_list(
        "organisation_id", "experiencepage_id"
    )
    result = {}
    for organisation_id, page_id in links:
        page = by_page[page_id]
        result.setdefault(organisation_id, []).append((page.title, page.get_url(request)))
    return result


def _coordinates(row):
    """[lon, lat] of the organisation, else of its territory, else None."""
    lat, lon, territory_lat, territory_lon = row
    if lat is None or lon is None:
        lat, lon = territory_lat, territory_lon
    if lat is None or lon is None:
        return None
    return [round(float(lon), 5), round(float(lat), 5)]


# The GeoJSON is written by hand from plain values, in exactly the bytes ``json.dumps(…,
# separators=(",", ":"))`` gives (ASCII escapes): strings through the C encoder json.dumps
# itself uses, numbers through repr, and no dict per feature — on 5,000 organisations and their
# contacts, building and encoding those dicts cost more than the queries.
_string = json.encoder.encode_basestring_ascii


def _strings(values):
    return "[" + ",".join(_string(value) for value in values) + "]"


def _contact_json(first, last, job_title, email, phone):
    return (
        f'{{"name":{_string(f"{first} {last}".strip())},"job_title":{_string(job_title)},'
        f'"email":{_string(email)},"phone":{_string(phone)}}}'
    )


def geojson_text(request, organisations, contacts):
    """The organisations as a GeoJSON FeatureCollection (text), read as plain values (no model
    instances): the same rows as the list, in five queries whatever their number."""
    kind_labels = {code: _string(str(label)) for code, label in Organisation.Kind.choices}
    experiences = {
        organisation_id: "["
        + ",".join(f'{{"title":{_string(title)},"url":{_string(url)}}}' for title, url in links)
        + "]"
        for organisation_id, links in experiences_by_organisation(request).items()
    }
    ids = organisations.values("pk")
    contacts_of = {}
    for organisation_id, *contact in contacts.filter(organisation__in=ids).values_list(
        "organisation_id", "first_name", "last_name", "job_title", "email", "phone"
    ):
        contacts_of.setdefault(organisation_id, []).append(_contact_json(*contact))
    themes_of = {}
    for organisation_id, name in (
        Organisation.themes.through.objects.filter(organisation__in=ids)
        .order_by("theme__name")
        .values_list("organisation_id", "theme__name")
    ):
        themes_of.setdefault(organisation_id, []).append(name)
    # Coordinates read as floats (five decimals stored): no Decimal built per value.
    points = {
        f"_{field}": Cast(field, FloatField())
        for field in ("latitude", "longitude", "territory__latitude", "territory__longitude")
    }
    features = []
    for row in (
        organisations.order_by("name")
        .annotate(**points)
        .values_list("pk", "name", "kind", "address", "website", "territory__name", *points)
    ):
        pk, name, kind, address, website, territory = row[:6]
        coordinates = _coordinates(row[6:])
        if coordinates is None:
            continue
        kind_json = kind_labels.get(kind) or _string(kind)
        features.append(
            f'{{"type":"Feature","id":{pk!r},"geometry":{{"type":"Point","coordinates":'
            f"[{coordinates[0]!r},{coordinates[1]!r}]}},"
            f'"properties":{{"id":{pk!r},"name":{_string(name)},"kind":{kind_json},'
            f'"address":{_string(address)},"website":{_string(website)},'
            f'"territory":{_string(territory or "")},"themes":{_strings(themes_of.get(pk, ()))},'
            f'"contacts":[{",".join(contacts_of.get(pk, ()))}],'
            f'"experiences":{experiences.get(pk, "[]")}}}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def geojson_response(request):
    _filterset, organisations = filtered_organisations(request.user, request.GET)
    response = HttpResponse(
        geojson_text(request, organisations, visible_contacts(request.user)),
        content_type=f"{GEOJSON_CONTENT_TYPE}; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def map_settings():
    return {
        "tileUrl": getattr(settings, "MAP_TILE_URL", ""),
        "tileAttribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }


def placed_organisations(organisations):
    """The organisations the map can place: their own coordinates, or their territory's
    (the same rule as :func:`_coordinates`)."""
    return organisations.filter(
        Q(latitude__isnull=False, longitude__isnull=False)
        | Q(territory__latitude__isnull=False, territory__longitude__isnull=False)
    )


def map_page_context(page, request):
    filterset, organisations = network_organisations(request.user, request.GET)
    page_obj = page.paginate(request, organisations)
    experiences = experiences_by_organisation(
        request, [organisation.pk for organisation in page_obj.object_list]
    )
    kind_labels = dict(Organisation.Kind.choices)
    items = NetworkItems()
    for organisation in page_obj.object_list:
        organisation.experience_links = experiences.get(organisation.pk, [])
        # Read once here: get_kind_display() rebuilds the choices on every call.
        organisation.kind_label = kind_labels.get(organisation.kind, organisation.kind)
        organisation.html = items.item(organisation)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": filterset.form,
        "active_filters": filterset.active_filters(),
        "organisations": page_obj,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "placed_count": placed_organisations(organisations).count(),
        "extra_query": query.urlencode(),
        "geojson_url": page.url
        + page.reverse_subpage("geojson")
        + (f"?{query.urlencode()}" if query else ""),
        "map_settings": map_settings(),
    }


class NetworkItems:
    """Each organisation's ``<li>`` of the map page's list, written in one pass in Python (a
    template loop over organisations and their contacts costs more than the page's queries):
    exactly the HTML the template's loop gave, escaped the same way."""

    def __init__(self):
        # Not escaped: a ``{% translate %}`` of a template literal is safe text.
        self.t = {
            "website": gettext("Site web"),
            "of": gettext("de"),
            "themes": gettext("Thématiques :"),
            "contacts": gettext("Contacts"),
            "experiences": gettext("Expériences partagées"),
        }

    def contact(self, contact):
        e = conditional_escape
        name = e(contact.full_name)
        parts = [f"\n                <li>\n                    <strong>{name}</strong>"]
        if contact.job_title:
            parts.append(f", {e(contact.job_title)}")
        parts.append("\n                    ")
        if contact.email:
            email = e(contact.email)
            parts.append(f'<br><a href="mailto:{email}">{email}</a>')
            if is_example_address(contact.email):
                parts.append(f" {example_mark_html()}\n")
        parts.append("\n                    ")
        if contact.phone:
            phone = e(contact.phone)
            parts.append(f'<br><a href="tel:{e(contact.phone.replace(" ", ""))}">{phone}</a>')
        parts.append("\n                </li>\n                ")
        return "".join(parts)

    def item(self, organisation):
        e, t = conditional_escape, self.t
        pk, name = organisation.pk, e(organisation.name)
        territory = organisation.territory
        parts = [
            f'\n        <li class="network-item" id="organisation-{pk}"'
            f' data-organisation="{pk}">\n            <h3>{name}</h3>\n'
            f'            <p class="card__meta">{e(capfirst(organisation.kind_label))}'
            + (f" – {e(territory.name)}" if territory else "")
            + "</p>\n            "
        ]
        if organisation.address:
            parts.append(f'<p class="network-item__address">{e(organisation.address)}</p>')
        parts.append("\n            ")
        if organisation.website:
            parts.append(
                f'<p><a href="{e(organisation.website)}">{t["website"]}'
                f'<span class="visually-hidden"> {t["of"]} {name}</span></a></p>'
            )
        parts.append("\n            ")
        themes = organisation.theme_list
        if themes:
            parts.append(
                '\n            <p class="network-item__themes"><span class="visually-hidden">'
                f"{t['themes']}</span>"
                + "".join(f' <span class="tag">{e(theme.name)}</span>' for theme in themes)
                + "</p>\n            "
            )
        parts.append("\n            ")
        if organisation.visible_contacts:
            parts.append(
                f"\n            <h4>{t['contacts']}</h4>\n"
                '            <ul class="network-contacts">\n                '
                + "".join(self.contact(contact) for contact in organisation.visible_contacts)
                + "\n            </ul>\n            "
            )
        parts.append("\n            ")
        if organisation.experience_links:
            parts.append(
                f"\n            <h4>{t['experiences']}</h4>\n            <ul>"
                + "".join(
                    f'<li><a href="{e(url)}">{e(title)}</a></li>'
                    for title, url in organisation.experience_links
                )
                + "</ul>\n            "
            )
        parts.append("\n        </li>\n        ")
        return mark_safe("".join(parts))
