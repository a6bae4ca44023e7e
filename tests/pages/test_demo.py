"""The demo content built from the seeds: faithful, complete, idempotent."""

from wagtail.models import Page, Site

import pytest

from pages import demo
from pages.demo import seasons as seasons_demo
from pages.models import (
    EventPage,
    EventWorkshop,
    ModulePage,
    ModuleSession,
    SeasonPage,
    SharingSessionPage,
)
from pages.models import Testimonial as Quote
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(home_page):
    demo.load()
    return home_page


def test_loading_twice_creates_nothing_new(demo_site):
    counts = (Page.objects.count(), ModuleSession.objects.count(), Quote.objects.count())
    assert demo.load() == []
    assert counts == (
        Page.objects.count(),
        ModuleSession.objects.count(),
        Quote.objects.count(),
    )


def test_every_page_type_has_a_live_demo_page(demo_site):
    from wagtail.models import get_page_models

    pages_types = [model for model in get_page_models() if model._meta.app_label == "pages"]
    for model in pages_types:
        assert model.objects.live().exists(), model.__name__


def test_season_one_has_seven_modules_and_no_session_to_come(demo_site):
    season = SeasonPage.objects.get(slug="saison-1")
    modules = ModulePage.objects.child_of(season)
    assert modules.count() == 7
    escape = modules.get(slug="escape-game-de-la-cooperation")
    assert Quote.objects.filter(page=escape).count() == 4
    # Upcoming sessions live in a programme marked as a fictitious example, never in Season 1.
    fictitious = SeasonPage.objects.get(slug="exemple-fictif-prochaines-sessions")
    assert fictitious.title.startswith("Exemple fictif")


def test_the_regional_day_has_its_four_workshops_in_the_seed_order(demo_site):
    day = EventPage.objects.get(slug="journee-regionale-grand-est-2025")
    assert day.date.isoformat() == "2025-10-02"
    assert day.visible_to_partners
    workshops = list(EventWorkshop.objects.filter(page=day).order_by("number"))
    assert [(w.number, w.room) for w in workshops] == [
        (1, "Salle Chardon"),
        (2, "Salle Myrtilles"),
        (3, "Espace Lorraine"),
        (4, "Salle Gruber"),
    ]
    assert "Vandœuvre" in workshops[0].territory
    assert all(w.experience_id is None for w in workshops)
    assert day.method_workshops.get(method_name="Co-développement").method.slug == (
        "co-developpement"
    )


def test_the_accessibility_statement_is_set_and_the_sections_are_in_the_menu(demo_site, client_as):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.accessibility_page.title == "Déclaration d'accessibilité"
    client = client_as("agent")
    response = client.get("/declaration-accessibilite/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Défenseur des droits" in html
    assert "<strong>non conforme</strong>" in html  # no audit yet: the RGAA's required wording
    assert "Cette déclaration a été établie le" in html
    assert "validateur HTML Nu" in html
    home = client.get("/").content.decode()
    for title in ("Journées régionales et de la coopération", "La boîte à outils"):
        assert title in home


def test_a_partner_sees_the_network_pages_but_not_the_city_programme(demo_site, client_as):
    client = client_as("partner")
    assert client.get("/journees/journee-regionale-grand-est-2025/").status_code == 200
    assert client.get("/boite-a-outils/co-developpement/").status_code == 200
    assert client.get("/atelier-de-la-cooperation/saison-1/").status_code == 403
    home = client.get("/").content.decode()
    assert "Saison 1" not in home


def test_communication_can_open_every_demo_page_in_the_editor(demo_site, client_as):
    client = client_as("communication")
    for page in Page.objects.filter(depth__gt=2):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url_path


def test_the_cooperation_day_has_no_invented_date_and_the_seeds_full_text(demo_site, client_as):
    day = EventPage.objects.get(slug="journee-de-la-cooperation")
    assert day.date is None  # seeds/001 gives none
    html = client_as("agent").get(day.url).content.decode().replace("&#x27;", "'")
    assert "C'est faire le pari que cette approche et la 3ème stratégie vous inspire" in html
    assert "<dt>Date</dt>" not in html
    # Listed after the dated day, not before it.
    index = client_as("agent", username="agent.liste").get(day.get_parent().url).content
    index = index.decode().split('id="contenu"')[1]
    regional = index.index(">Journée régionale Grand Est")
    assert regional < index.index(">Journée de la coopération</a>")


@pytest.mark.parametrize("slug", ["brise-glace-un-mot-cle", "word-cafe"])
def test_the_sharing_sessions_come_from_the_cooperation_day_with_no_invented_date(
    demo_site, client_as, slug
):
    page = SharingSessionPage.objects.get(slug=slug)
    day = EventPage.objects.get(slug="journee-de-la-cooperation")
    # seeds/001 gives neither date nor place: nothing is shown but the day it comes from.
    assert (page.date, page.place, page.origin_event_id) == (None, "", day.pk)
    html = client_as("agent").get(page.url).content.decode().replace("&#x27;", "'")
    main = html.split('id="contenu"')[1]
    assert "<dt>Date</dt>" not in main
    assert "<dt>Lieu</dt>" not in main
    assert "Ville de Lyon" not in main
    assert f'<dt>Testé lors de</dt><dd><a href="{day.url}">Journée de la coopération</a>' in main
    assert "Journée de la coopération" in page.tested


def test_a_demo_loaded_before_loses_the_invented_dates_unless_an_editor_saved_the_page(
    demo_site, django_user_model
):
    import datetime

    icebreaker = SharingSessionPage.objects.get(slug="brise-glace-un-mot-cle")
    word_cafe = SharingSessionPage.objects.get(slug="word-cafe")
    for page, day in ((icebreaker, 13), (word_cafe, 15)):
        page.date = datetime.date(2025, 3, day)
        page.place = "Ville de Lyon"
        page.origin_event = None
        page.save_revision().publish()
    editor = django_user_model.objects.create(username="redactrice")
    word_cafe.refresh_from_db()
    word_cafe.save_revision(user=editor).publish()  # an editor's page stays theirs
    demo.load()
    icebreaker.refresh_from_db()
    word_cafe.refresh_from_db()
    assert (icebreaker.date, icebreaker.place) == (None, "")
    assert icebreaker.origin_event.slug == "journee-de-la-cooperation"
    assert (word_cafe.date, word_cafe.place) == (datetime.date(2025, 3, 15), "Ville de Lyon")


def test_season_two_links_to_its_presentation_and_seasons_are_dated_by_month(demo_site, client_as):
    client = client_as("agent")
    season_two = SeasonPage.objects.get(slug="saison-2")
    html = client.get(season_two.url).content.decode().replace("&#x27;", "'")
    assert (
        "Et pour tout savoir : "
        f'<a href="{seasons_demo.SEASON_TWO_URL}">L\'atelier de la Coopération Saison 2</a>'
    ) in html
    assert "D'octobre 2025 à juin 2026" in html
    season_one = SeasonPage.objects.get(slug="saison-1")
    html = client.get(season_one.url).content.decode()
    assert "De janvier à juin 2025" in html
    index = client.get(season_one.get_parent().url).content.decode().replace("&#x27;", "'")
    assert "De janvier à juin 2025" in index
    assert "D'octobre 2025 à juin 2026" in index
    assert "janvier 2025</time>" not in index  # no day: the seed gives months


def test_every_demo_page_has_its_own_title(demo_site, client_as):
    """The fictitious programme repeats Season 1's modules: their <title> says which is which."""
    import re

    client = client_as("agent")
    titles = {}
    for page in Page.objects.live().filter(depth__gte=2).specific():
        html = client.get(page.url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        titles.setdefault(title, []).append(page.url)
    assert not {title: urls for title, urls in titles.items() if len(urls) > 1}
