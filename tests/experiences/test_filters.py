"""One filter layer: the same query string gives the same rows on the map page, in its GeoJSON
and in the admin export; the territory rule is the same for every listing; bad input is
reported or ignored, never a server error."""

import json

import pytest

from experiences.factories import ContactFactory
from experiences.filters import (
    ContactAdminFilterSet,
    ExperienceFilterSet,
    OrganisationAdminFilterSet,
    OrganisationFilterSet,
)
from experiences.models import Contact, ExperiencePage, Organisation

from .test_exports import content, export_url
from .test_network_map import feature_names, geojson, listed_names


def exported_names(client, query):
    response = client.get(export_url("organisation", "json", query))
    assert response.status_code == 200
    return {row["Nom"] for row in json.loads(content(response))}


QUERIES = {
    "territoire parent": lambda network: f"?territory={network['nancy'].pk}",
    "commune": lambda network: f"?territory={network['vandoeuvre'].pk}",
    "autre commune": lambda network: f"?territory={network['chapelle'].pk}",
    "recherche": lambda network: "?q=chapelle",
    "recherche et territoire": lambda network: f"?q=ville&territory={network['nancy'].pk}",
    "recherche sans résultat": lambda network: "?q=introuvable",
    "aucun filtre": lambda network: "",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(QUERIES))
def test_the_same_query_gives_the_same_rows_on_the_page_in_geojson_and_in_exports(
    client_as, map_page, network, name
):
    query = QUERIES[name](network)
    client = client_as("coordinator")  # sees every organisation, and may export them
    page_rows = listed_names(client.get(f"{map_page.url}{query}"))
    assert feature_names(geojson(client, map_page, query)) == page_rows
    assert exported_names(client, query) == page_rows


@pytest.mark.django_db
def test_the_shared_queries_select_the_expected_organisations(client_as, map_page, network):
    client = client_as("coordinator")
    by_query = {
        name: listed_names(client.get(f"{map_page.url}{make(network)}"))
        for name, make in QUERIES.items()
    }
    assert by_query["territoire parent"] == {
        "Ville de Vandœuvre-lès-Nancy",
        "Service interne caché",
    }
    assert by_query["commune"] == {"Ville de Vandœuvre-lès-Nancy"}
    assert by_query["autre commune"] == {"Ville de La Chapelle-Saint-Luc"}
    assert by_query["recherche"] == {"Ville de La Chapelle-Saint-Luc"}
    assert by_query["recherche et territoire"] == {"Ville de Vandœuvre-lès-Nancy"}
    assert by_query["recherche sans résultat"] == set()
    assert len(by_query["aucun filtre"]) == 3


@pytest.mark.django_db
def test_the_territory_rule_is_the_same_for_organisations_contacts_and_experiences(
    network, experience
):
    ContactFactory(first_name="Lucie", territories=[network["vandoeuvre"]])
    ContactFactory(first_name="Marc", territories=[network["chapelle"]])
    nancy = str(network["nancy"].pk)
    organisations = OrganisationFilterSet(
        {"territory": nancy}, queryset=Organisation.objects.all(), contacts=Contact.objects.all()
    ).qs
    assert {o.name for o in organisations} == {
        "Ville de Vandœuvre-lès-Nancy",
        "Service interne caché",
    }
    admin_organisations = OrganisationAdminFilterSet(
        {"territory": nancy}, queryset=Organisation.objects.all()
    ).qs
    assert set(admin_organisations) == set(organisations)
    contacts = ContactAdminFilterSet({"territory": nancy}, queryset=Contact.objects.all()).qs
    assert {c.first_name for c in contacts} == {"Lucie"}
    experiences = ExperienceFilterSet(
        {"territory": nancy}, queryset=ExperiencePage.objects.live()
    ).qs
    assert list(experiences) == [experience]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        f"?territory={2**62}",  # no such territory
        "?territory=abc",
        "?theme=inconnue&kind=inconnu",
        f"?q={'x' * 101}",
    ],
)
def test_bad_filters_are_reported_and_ignored_on_the_page_and_in_geojson(
    client_as, map_page, network, query
):
    client = client_as("coordinator")
    response = client.get(f"{map_page.url}{query}")
    assert response.status_code == 200
    assert "field--error" in response.content.decode()  # the form says what is wrong
    assert len(listed_names(response)) == 3
    assert len(feature_names(geojson(client, map_page, query))) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("?territory=abc", 3),  # not a number: the filter is ignored
        (f"?territory={2**62}", 0),  # an unknown territory has no organisation
        ("?theme=999999", 0),
        ("?kind__exact=etat", 1),
        ("?visible_to_partners__exact=0", 1),
    ],
)
def test_the_export_applies_the_admin_list_filters_and_never_fails(
    client_as, network, query, count
):
    assert len(exported_names(client_as("coordinator"), query)) == count


@pytest.mark.django_db
def test_a_number_too_large_for_an_id_gets_the_french_400_everywhere(client_as, map_page, network):
    client = client_as("coordinator")
    query = f"?territory={2**64}"
    for url in (f"{map_page.url}{query}", f"{map_page.url}geojson/{query}"):
        response = client.get(url)
        assert response.status_code == 400
        assert "trop grand pour être un identifiant" in response.content.decode()
    response = client.get(export_url("organisation", "json", query))
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["territory", "theme"])
def test_the_admin_list_and_its_export_filter_contacts_alike(client_as, network, themes, query):
    ContactFactory(first_name="Lucie", last_name="Zed", themes=[themes["isolement"]])
    ContactFactory(first_name="Marc", last_name="Zed", territories=[network["nancy"]])
    value = network["nancy"].pk if query == "territory" else themes["isolement"].pk
    client = client_as("coordinator")
    html = client.get(f"/admin/experiences/contact/?{query}={value}").content.decode()
    response = client.get(export_url("contact", "json", f"?{query}={value}"))
    exported = {row["Prénom"] for row in json.loads(content(response))}
    expected = {"Marc"} if query == "territory" else {"Lucie"}
    assert exported == expected
    for first_name in expected:
        assert first_name in html
    assert "Philippe" not in html and "Philippe" not in exported


def test_filter_selects_render_exactly_as_djangos_select():
    """The filters' select (written without a template per option) gives Django's HTML."""
    from django import forms
    from django.utils.safestring import mark_safe

    from portal.filters import ListSelect

    cases = [
        (
            [("", "Tous <les> types"), ("a", "A & B"), (1, "Un")],
            "a",
            {"id": "id_kind", "aria-describedby": 'x"y', "required": True, "disabled": False},
        ),
        ([("Groupe", [("a", "A"), ("b", "B")]), ("c", "C")], "b", {}),
        ([], None, {"id": "id_empty"}),
        ([("x", mark_safe("<b>x</b>"))], ["x"], {}),
    ]
    for choices, value, attrs in cases:
        expected = forms.Select(choices=choices, attrs=attrs).render("kind", value)
        assert ListSelect(choices=choices, attrs=attrs).render("kind", value) == expected
