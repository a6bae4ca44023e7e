"""Experience pages, their index (filters, small map) and the home page section."""

import json
import re

import pytest

from experiences.factories import ExperiencePageFactory, OrganisationFactory
from experiences.models import ExperienceIndexPage, ExperiencePage, NetworkMapPage


@pytest.mark.django_db
def test_page_tree_rules():
    assert ExperienceIndexPage.parent_page_types == ["home.HomePage"]
    assert ExperiencePage.parent_page_types == ["experiences.ExperienceIndexPage"]
    assert NetworkMapPage.parent_page_types == ["home.HomePage"]
    from home.models import HomePage

    assert "experiences.ExperienceIndexPage" in HomePage.subpage_types
    assert "experiences.NetworkMapPage" in HomePage.subpage_types


@pytest.mark.django_db
def test_experience_page_shows_its_parts_and_hides_partner_hidden_speakers(client_as, experience):
    html = client_as("partner").get(experience.url).content.decode()
    assert "À retenir" in html and "Partir des besoins des habitants." in html
    assert "Atelier 1 / Salle Chardon" in html
    assert "Philippe Atain-Kouadio" in html
    assert "Secret Interne" not in html
    html = client_as("agent").get(experience.url).content.decode()
    assert "Secret Interne" in html


@pytest.mark.django_db
def test_experience_links_to_its_event_only_when_visible(client_as, experience, home_page):
    event = ExperiencePageFactory(
        parent=experience.get_parent(), title="Journée régionale", visible_to_partners=False
    )
    experience.event = event
    experience.save_revision().publish()
    assert f'href="{event.url}"' in client_as("agent").get(experience.url).content.decode()
    assert f'href="{event.url}"' not in client_as("partner").get(experience.url).content.decode()


def card_titles(response):
    return re.findall(
        r'<li class="card">\s*<h3><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.mark.django_db
def test_index_filters_by_theme_territory_and_organisation_kind(
    client_as, experience_index, experience, network, themes
):
    other = ExperiencePageFactory(
        parent=experience_index, title="Isolement en QPV", territory=network["chapelle"]
    )
    other.themes.set([themes["isolement"]])
    other.organisations.set(
        [OrganisationFactory(name="Association du quartier", kind="association")]
    )
    other.save_revision().publish()
    hidden = ExperiencePageFactory(
        parent=experience_index, title="Réservée aux agents", visible_to_partners=False
    )
    del hidden
    client = client_as("partner")
    assert sorted(card_titles(client.get(experience_index.url))) == [
        experience.title,
        "Isolement en QPV",
    ]
    assert card_titles(client.get(experience_index.url, {"theme": "isolement"})) == [
        "Isolement en QPV"
    ]
    assert card_titles(client.get(experience_index.url, {"territory": network["nancy"].pk})) == [
        experience.title
    ]
    assert card_titles(client.get(experience_index.url, {"kind": "association"})) == [
        "Isolement en QPV"
    ]
    assert len(card_titles(client_as("agent").get(experience_index.url))) == 3


@pytest.mark.django_db
def test_index_map_markers_follow_the_filter(client_as, experience_index, experience):
    html = client_as("agent").get(experience_index.url, {"theme": "tfpb"}).content.decode()
    data = json.loads(
        re.search(
            r'<script id="experience-markers" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data == [
        {
            "lat": 48.65806,
            "lon": 6.17306,
            "title": experience.title,
            "url": experience.url,
            "territory": "Vandœuvre-lès-Nancy",
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_index_queries_do_not_grow(
    client_as, experience_index, network, themes, size, django_assert_max_num_queries
):
    for index in range(size):
        page = ExperiencePageFactory(parent=experience_index, territory=network["chapelle"])
        page.themes.set([themes["tfpb"]])
        page.organisations.set([network["ville"]])
        page.save_revision().publish()
        del index
    client = client_as("partner")
    client.get(experience_index.url)
    with django_assert_max_num_queries(24):
        assert client.get(experience_index.url).status_code == 200


@pytest.mark.django_db
def test_home_page_lists_latest_experiences_for_partners(client_as, home_page, experience):
    html = client_as("partner").get(home_page.url).content.decode()
    assert "Expériences territoriales" in html and experience.title in html


def test_a_hidden_organisation_is_not_named_beside_its_visible_contact(
    client_as, experience, network
):
    experience.contacts.add(network["hidden_org_contact"])
    experience.save_revision().publish()
    html = client_as("partner").get(experience.url).content.decode()
    assert "Agent Caché" in html
    assert "Service interne caché" not in html
    html = client_as("agent").get(experience.url).content.decode()
    assert "Service interne caché" in html


def test_breadcrumbs_skip_an_ancestor_hidden_from_partners(client_as, home_page):
    from pages.factories import ContentPageFactory

    hidden = ContentPageFactory(
        parent=home_page, title="Rubrique interne", slug="rubrique", visible_to_partners=False
    )
    child = ContentPageFactory(
        parent=hidden, title="Page partagée", slug="partagee", visible_to_partners=True
    )
    html = client_as("partner").get(child.url).content.decode()
    assert "Page partagée" in html
    assert "Rubrique interne" not in html
    assert "Rubrique interne" in client_as("agent").get(child.url).content.decode()


def test_search_does_not_find_an_experience_by_a_hidden_speaker(client_as, experience, network):
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(experience)

    def titles(kind, query):
        html = client_as(kind).get("/recherche/", {"q": query}).content.decode()
        return experience.title.replace("«", "&laquo;") in html or experience.title in html

    assert titles("partner", "Atain-Kouadio")  # a visible speaker finds the page
    assert not titles("partner", "Interne")  # a hidden speaker does not
    assert not titles("agent", "Interne")  # nor for agents: the index is shared
