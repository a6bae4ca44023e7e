"""Index filters (theme, format, period, kind) and the admin snippets for Communication."""

import datetime

from django.utils import timezone

import pytest

from pages.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    SharingSessionIndexPageFactory,
    SharingSessionPageFactory,
)
from pages.models import Person
from taxonomy.factories import ThemeFactory
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def sharing(home_page):
    index = SharingSessionIndexPageFactory(parent=home_page)
    youth = ThemeFactory(name="Jeunesse")
    today = timezone.localdate()
    SharingSessionPageFactory(
        parent=index, title="Séance passée", date=today - datetime.timedelta(days=30)
    )
    SharingSessionPageFactory(
        parent=index,
        title="Séance à venir à distance",
        date=today + datetime.timedelta(days=30),
        format="remote",
        themes=[youth],
    )
    return index


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"period": "a-venir"}, "Séance à venir", "Séance passée"),
        ({"period": "passees"}, "Séance passée", "Séance à venir"),
        ({"format": "remote"}, "Séance à venir", "Séance passée"),
        ({"theme": "jeunesse"}, "Séance à venir", "Séance passée"),
    ],
)
def test_sharing_sessions_filter_by_period_format_and_theme(
    sharing, client_as, query, shown, hidden
):
    content = client_as("agent").get(sharing.url, query).content.decode()
    assert shown in content
    assert hidden not in content


def test_an_unknown_filter_value_is_reported_and_the_list_kept(sharing, client_as):
    content = client_as("agent").get(sharing.url, {"format": "fax"}).content.decode()
    assert "Sélectionnez un choix valide" in content
    assert "Séance passée" in content and "Séance à venir" in content


def test_a_filter_with_no_match_says_so(sharing, client_as):
    EventIndexPageFactory(parent=sharing.get_parent())
    content = client_as("agent").get(sharing.url, {"format": "both"}).content.decode()
    assert "Aucune page ne correspond à ces filtres." in content


def test_events_filter_by_kind(home_page, client_as):
    index = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=index, title="Rencontre Grand Est", kind="regional_day")
    EventPageFactory(parent=index, title="Journée coopérative", kind="cooperation_day")
    content = client_as("agent").get(index.url, {"kind": "cooperation_day"}).content.decode()
    assert "Journée coopérative" in content
    assert "Rencontre Grand Est" not in content


def test_pagination_keeps_the_filters(home_page, client_as):
    index = SharingSessionIndexPageFactory(parent=home_page)
    for _ in range(index.per_page + 1):
        SharingSessionPageFactory(parent=index, format="remote")
    content = client_as("agent").get(index.url, {"format": "remote"}).content.decode()
    assert "?format=remote&amp;page=2" in content


@pytest.mark.parametrize("model", [Person, Theme])
def test_communication_manages_the_snippets(model, client, communication_user, agent):
    name = model._meta.model_name
    client.force_login(communication_user)
    response = client.post(f"/admin/snippets/pages/{name}/add/", {"name": "Zoé Fontier"})
    assert response.status_code == 302
    assert model.objects.filter(name="Zoé Fontier").exists()
    client.force_login(agent)
    assert client.get(f"/admin/snippets/pages/{name}/").status_code == 403


def test_sharing_sessions_filter_by_season(home_page, client_as):
    from pages.factories import SeasonIndexPageFactory, SeasonPageFactory

    seasons = SeasonIndexPageFactory(parent=home_page)
    SeasonPageFactory(
        parent=seasons,
        title="Saison 1",
        slug="saison-1",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    index = SharingSessionIndexPageFactory(parent=home_page)
    SharingSessionPageFactory(parent=index, title="Séance de mars", date=datetime.date(2025, 3, 13))
    SharingSessionPageFactory(
        parent=index, title="Séance d'octobre", date=datetime.date(2025, 10, 9)
    )
    content = client_as("agent").get(index.url, {"season": "saison-1"}).content.decode()
    assert "Séance de mars" in content
    assert "Séance d&#x27;octobre" not in content
