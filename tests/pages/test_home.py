"""The home page's editorial sections: featured pages, upcoming sessions, season figures,
latest sharing sessions; partners only see what is open to them."""

import datetime

from django.utils import timezone

import pytest

from home.models import HomeFeaturedPage
from pages.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
    SharingSessionIndexPageFactory,
    SharingSessionPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(home_page):
    seasons = SeasonIndexPageFactory(parent=home_page)
    season = SeasonPageFactory(parent=seasons, title="Saison 1")
    module = ModulePageFactory(parent=season, title="Les cafés digitaux")
    ModuleSessionFactory(module=module, room="Salle à venir")
    ModuleSessionFactory(
        module=module, start=timezone.now() - datetime.timedelta(days=3), room="Salle passée"
    )
    sharing = SharingSessionIndexPageFactory(parent=home_page)
    SharingSessionPageFactory(parent=sharing, title="Le photolangage")
    events = EventIndexPageFactory(parent=home_page, visible_to_partners=True)
    day = EventPageFactory(parent=events, title="Journée Grand Est", visible_to_partners=True)
    HomeFeaturedPage.objects.create(page=home_page, link=day, sort_order=0)
    HomeFeaturedPage.objects.create(page=home_page, link=module, sort_order=1)
    return home_page


def test_an_agent_sees_every_section(content, client_as):
    html = client_as("agent").get("/").content.decode()
    assert "À la une" in html and "Journée Grand Est" in html
    assert "Les prochaines sessions" in html and "Salle à venir" in html
    assert "Salle passée" not in html
    # Figures computed from the records: one session held, none tailor-made.
    assert "Saison 1 en chiffres" in html and "dont 0 sur-mesure" in html
    assert "Le photolangage" in html


def test_a_partner_sees_only_what_is_open_to_partners(content, client_as):
    html = client_as("partner").get("/").content.decode()
    assert "Journée Grand Est" in html
    for hidden in ("Les cafés digitaux", "Salle à venir", "Saison 1 en chiffres", "photolangage"):
        assert hidden not in html


def test_a_partner_home_speaks_only_of_what_partners_can_open(content, client_as):
    content.hero_text = "<p>Programme des saisons de l'Atelier.</p>"
    content.partner_text = "<p>Journées régionales et expériences du réseau.</p>"
    content.save_revision().publish()
    partner_html = client_as("partner").get("/").content.decode()
    assert "Journées régionales et expériences du réseau." in partner_html
    assert "Programme des saisons" not in partner_html
    # No programme section (nor its "Aucune session n'est programmée") for partners.
    assert "Les prochaines sessions" not in partner_html
    assert "Aucune session" not in partner_html
    agent_html = client_as("agent", username="agent.accueil").get("/").content.decode()
    assert "Programme des saisons de l'Atelier." in agent_html
    assert "Journées régionales et expériences du réseau." not in agent_html


def test_a_fictitious_session_carries_the_example_mark_on_the_home_page(content, client_as):
    from pages.models import SeasonPage

    module = ModulePageFactory(parent=SeasonPage.objects.get(), title="Le module inventé")
    ModuleSessionFactory(module=module, room="Salle inventée", is_fictitious=True)
    html = client_as("agent").get("/").content.decode()
    real, invented = html.split("Salle à venir")[1], html.split("Salle inventée")[1]
    assert invented.split("</li>")[0].count('<span class="example-mark">Exemple fictif</span>') == 1
    assert "Exemple fictif" not in real.split("</li>")[0]


def test_seasons_are_dated_by_month_in_teasers(home_page, client_as):
    seasons = SeasonIndexPageFactory(parent=home_page)
    SeasonPageFactory(
        parent=seasons,
        title="Saison 2",
        start_date=datetime.date(2025, 10, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    html = client_as("agent").get(seasons.url).content.decode().replace("&#x27;", "'")
    assert "Saison · D'octobre 2025 à juin 2026" in html
    assert "1er octobre 2025" not in html


@pytest.mark.parametrize("role", ["agent", "partner"])
def test_readers_find_their_registrations_in_the_user_menu(home_page, client_as, role):
    from django.urls import reverse

    url = reverse("registrations:mine")
    client = client_as(role)
    nav = client.get("/").content.decode().split('class="user-nav"')[1].split("</nav>")[0]
    assert f'<li><a href="{url}">Mes inscriptions</a></li>' in nav
    nav = client.get(url).content.decode().split('class="user-nav"')[1].split("</nav>")[0]
    assert f'<a href="{url}" aria-current="page">Mes inscriptions</a>' in nav


def test_an_account_in_no_role_is_not_offered_registrations(home_page, client):
    from portal.factories import UserFactory

    client.force_login(UserFactory(username="sans.role"))
    html = client.get("/").content.decode()
    assert "Se déconnecter" in html
    assert "Mes inscriptions" not in html


def test_undated_sharing_sessions_come_after_the_dated_ones_on_the_home_page(home_page, client_as):
    sharing = SharingSessionIndexPageFactory(parent=home_page)
    SharingSessionPageFactory(parent=sharing, title="Séance sans date", date=None, place="")
    SharingSessionPageFactory(parent=sharing, title="Séance datée")
    html = client_as("agent").get("/").content.decode()
    assert html.index("Séance datée") < html.index("Séance sans date")
