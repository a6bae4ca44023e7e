"""The network map and the experience list are served from the page cache per audience, and
renewed as soon as the network's records change (portal/cache.py: the content version)."""

import pytest

from experiences.factories import ContactFactory, OrganisationFactory

from .test_imports import GOOD_CONTACTS, confirm, upload


def main(response):
    """The page's ``<main>`` (the rest carries per-request tokens)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def agent(client_as, network):
    return client_as("agent")


@pytest.mark.django_db
def test_a_second_view_of_the_map_runs_none_of_the_listing_queries(
    agent, map_page, django_assert_max_num_queries
):
    first = agent.get(map_page.url)
    # Session, user, the page along its path and the view restrictions: the listing (its
    # organisations, contacts, themes, experiences and counts) comes from the cache.
    with django_assert_max_num_queries(5):
        second = agent.get(map_page.url)
    assert main(second) == main(first)
    assert "Ville de Vandœuvre-lès-Nancy" in second.content.decode()


@pytest.mark.django_db
def test_a_new_organisation_or_contact_shows_on_the_cached_map(
    agent, map_page, django_capture_on_commit_callbacks
):
    assert "Maison des solidarités" not in agent.get(map_page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organisation = OrganisationFactory(name="Maison des solidarités")
    assert "Maison des solidarités" in agent.get(map_page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ContactFactory(organisation=organisation, email="nouvelle.personne@example.org")
    assert "nouvelle.personne@example.org" in agent.get(map_page.url).content.decode()


@pytest.mark.django_db
def test_each_filter_has_its_own_cached_listing(agent, map_page, network):
    everything = agent.get(map_page.url).content.decode()
    filtered = agent.get(f"{map_page.url}?q=Chapelle").content.decode()
    assert "Service interne caché" in everything
    assert "Service interne caché" not in filtered
    assert "Ville de La Chapelle-Saint-Luc" in filtered


@pytest.mark.django_db
def test_partners_and_agents_do_not_share_a_cached_map(client_as, map_page, network):
    assert "Service interne caché" in client_as("agent").get(map_page.url).content.decode()
    partner_view = client_as("partner").get(map_page.url).content.decode()
    assert "Service interne caché" not in partner_view


@pytest.mark.django_db
def test_an_imported_contact_shows_on_the_cached_map(client_as, map_page, network):
    agent_view = client_as("agent").get(map_page.url).content.decode()
    assert "olivia.brulefert@example.org" not in agent_view
    coordinator = client_as("coordinator")
    confirm(coordinator, upload(coordinator, GOOD_CONTACTS))
    # The import writes in bulk (no signal per row): it renews the cached listings itself.
    assert "olivia.brulefert@example.org" in coordinator.get(map_page.url).content.decode()


@pytest.mark.django_db
def test_a_renamed_territory_shows_on_the_cached_experience_list(
    agent, experience, experience_index, network, django_capture_on_commit_callbacks
):
    assert "Vandœuvre-lès-Nancy" in agent.get(experience_index.url).content.decode()
    territory = network["vandoeuvre"]
    territory.name = "Vandœuvre (nouveau nom)"
    with django_capture_on_commit_callbacks(execute=True):
        territory.save()
    assert "Vandœuvre (nouveau nom)" in agent.get(experience_index.url).content.decode()


@pytest.mark.django_db
def test_a_second_view_of_the_experience_list_runs_none_of_its_queries(
    agent, experience, experience_index, django_assert_max_num_queries
):
    first = agent.get(experience_index.url)
    with django_assert_max_num_queries(5):
        second = agent.get(experience_index.url)
    assert main(second) == main(first)
    assert "Abattement TFPB" in second.content.decode()
