"""The network map page: one visibility rule and one filter for the list, the map and GeoJSON."""

import json
import re

import pytest

from experiences.factories import ContactFactory, OrganisationFactory


def geojson(client, map_page, query=""):
    response = client.get(f"{map_page.url}geojson/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def listed_names(response):
    html = response.content.decode()
    return set(re.findall(r'<li class="network-item"[^>]*>\s*<h3>([^<]+)</h3>', html))


def feature_names(data):
    return {feature["properties"]["name"] for feature in data["features"]}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["agent", "coordinator", "communication"])
def test_internal_users_see_every_organisation_and_contact(client_as, map_page, network, kind):
    client = client_as(kind)
    response = client.get(map_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed_names(response) == {
        "Ville de Vandœuvre-lès-Nancy",
        "Ville de La Chapelle-Saint-Luc",
        "Service interne caché",
    }
    assert "secret.interne@example.org" in html
    data = geojson(client, map_page)
    assert feature_names(data) == listed_names(response)
    emails = {c["email"] for f in data["features"] for c in f["properties"]["contacts"]}
    assert "secret.interne@example.org" in emails


@pytest.mark.django_db
def test_partners_see_only_what_is_visible_to_partners(client_as, map_page, network, experience):
    client = client_as("partner")
    response = client.get(map_page.url)
    html = response.content.decode()
    assert listed_names(response) == {
        "Ville de Vandœuvre-lès-Nancy",
        "Ville de La Chapelle-Saint-Luc",
    }
    assert "p.atain-kouadio@example.org" in html
    assert "secret.interne@example.org" not in html
    assert "cache@example.org" not in html
    data = geojson(client, map_page)
    assert feature_names(data) == listed_names(response)
    text = json.dumps(data)
    assert "secret.interne" not in text and "Service interne" not in text
    vandoeuvre = next(
        f for f in data["features"] if f["properties"]["name"].startswith("Ville de V")
    )
    assert vandoeuvre["properties"]["experiences"] == [
        {"title": experience.title, "url": experience.url}
    ]


@pytest.mark.django_db
def test_partners_cannot_find_hidden_organisations_through_the_search(client_as, map_page, network):
    client = client_as("partner")
    assert listed_names(client.get(map_page.url, {"q": "caché"})) == set()
    assert geojson(client, map_page, "?q=Secret")["features"] == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, map_page, network):
    for url in (map_page.url, f"{map_page.url}geojson/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/")


@pytest.mark.django_db
def test_a_map_page_hidden_from_partners_refuses_them(client_as, map_page, network):
    map_page.visible_to_partners = False
    map_page.save_revision().publish()
    assert client_as("partner").get(f"{map_page.url}geojson/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=tfpb", {"Ville de Vandœuvre-lès-Nancy", "Service interne caché"}),
        ("?theme=isolement", {"Ville de La Chapelle-Saint-Luc"}),
        ("?kind=etat", {"Service interne caché"}),
        ("?q=atain", {"Ville de Vandœuvre-lès-Nancy"}),
        ("?q=chapelle", {"Ville de La Chapelle-Saint-Luc"}),
    ],
)
def test_filters_give_the_same_organisations_in_list_and_geojson(
    client_as, map_page, network, query, expected
):
    client = client_as("agent")
    response = client.get(f"{map_page.url}{query}")
    assert listed_names(response) == expected
    assert feature_names(geojson(client, map_page, query)) == expected


@pytest.mark.django_db
def test_a_territory_filter_includes_its_communes(client_as, map_page, network):
    client = client_as("agent")
    query = f"?territory={network['nancy'].pk}"
    expected = {"Ville de Vandœuvre-lès-Nancy", "Service interne caché"}
    assert listed_names(client.get(f"{map_page.url}{query}")) == expected
    assert feature_names(geojson(client, map_page, query)) == expected


@pytest.mark.django_db
def test_the_map_gets_the_filtered_geojson_and_a_text_alternative(client_as, map_page, network):
    html = client_as("agent").get(map_page.url, {"theme": "tfpb"}).content.decode()
    assert f'data-geojson-url="{map_page.url}geojson/?theme=tfpb"' in html
    assert "data-map-section hidden" in html  # shown by the script only: the list comes first
    assert "La carte situe 2 organisations de la liste ci-dessous" in html
    assert "/static/experiences/vendor/leaflet/leaflet.js" in html
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", html.split("<footer")[0])


@pytest.mark.django_db
def test_an_invalid_filter_is_reported_and_ignored(client_as, map_page, network):
    response = client_as("agent").get(map_page.url, {"theme": "inconnue"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert len(listed_names(response)) == 3


def build_network(count, themes):
    for index in range(count):
        organisation = OrganisationFactory(themes=list(themes.values()))
        for _ in range(2):
            ContactFactory(organisation=organisation, themes=[themes["tfpb"]])
        del index


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_the_network(
    client_as, map_page, themes, size, django_assert_max_num_queries
):
    build_network(size, themes)
    client = client_as("partner")
    client.get(map_page.url)  # warm the per-process caches (site root, content types)
    with django_assert_max_num_queries(22):
        assert client.get(map_page.url).status_code == 200
    with django_assert_max_num_queries(15):
        data = geojson(client, map_page)
    assert len(data["features"]) == size


@pytest.mark.django_db
def test_geojson_is_the_compact_json_of_its_features(client_as, map_page, themes):
    """The GeoJSON is written by hand: it must be exactly what json.dumps would give."""
    from decimal import Decimal

    from experiences.factories import TerritoryFactory

    territory = TerritoryFactory(
        name="Commune « test »", latitude=Decimal("49.12345"), longitude=Decimal("-0.5")
    )
    OrganisationFactory(
        name='Maison "des" <associations> & co\n',
        territory=territory,
        latitude=Decimal("-12.34567"),
        longitude=Decimal("179.99999"),
        address="1 rue de l'Église – 57000 Metz",
        website="https://example.org/?a=1&b=2",
        themes=[themes["tfpb"]],
    )
    OrganisationFactory(
        name="Sans point à elle 🗺", territory=territory, latitude=None, longitude=None
    )
    OrganisationFactory(name="Nulle part", territory=None, latitude=None, longitude=None)
    ContactFactory(
        organisation=OrganisationFactory(name="Sans point à elle 🗺"),
        first_name="Zoé",
        last_name="",
        job_title='Chargée "coopération"',
    )
    response = client_as("agent").get(f"{map_page.url}geojson/")
    data = json.loads(response.content)
    assert response.content.decode() == json.dumps(data, separators=(",", ":"))
    features = {feature["properties"]["name"]: feature for feature in data["features"]}
    assert set(features) == {'Maison "des" <associations> & co\n', "Sans point à elle 🗺"}
    assert features['Maison "des" <associations> & co\n']["geometry"]["coordinates"] == [
        179.99999,
        -12.34567,
    ]
    placed_by_territory = features["Sans point à elle 🗺"]
    assert placed_by_territory["geometry"]["coordinates"] == [-0.5, 49.12345]
    assert placed_by_territory["properties"]["territory"] == "Commune « test »"
    assert placed_by_territory["properties"]["contacts"][0]["name"] == "Zoé"
