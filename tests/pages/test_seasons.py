"""Season programmes, modules and sessions: admin, rendering, visibility, sessions, queries."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from pages.factories import (
    ModuleFacilitatorFactory,
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)
from pages.factories import TestimonialFactory as QuoteFactory
from pages.models import ModulePage, ModuleSession, SeasonIndexPage, SeasonPage
from portal.factories import UserFactory
from registrations.models import Attendance
from surveys.factories import bulk_responses, make_survey, survey_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(home_page):
    index = SeasonIndexPageFactory(parent=home_page)
    return SeasonPageFactory(parent=index, title="Saison 1", visible_to_partners=False)


def module_form(title, sessions=()):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "pitch": "Quoi de mieux qu'un escape game pour découvrir la coopération ?",
            "description": streamfield([]),
            "format": "on_site",
            "facilitators": inline_formset([]),
            "sessions": inline_formset(list(sessions)),
        }
    )


def test_communication_creates_and_publishes_a_module_with_a_session(
    season, communication_user, admin_add_page
):
    response = admin_add_page(
        communication_user,
        season,
        ModulePage,
        module_form(
            "L'escape game de la coopération",
            sessions=[
                {
                    "start": "2025-10-14 09:30",
                    "end": "2025-10-14 11:30",
                    "place": "Hôtel de Ville",
                    "room": "Salle Marianne",
                    "capacity": "12",
                    "is_tailor_made": "",
                    "requesting_team": "",
                }
            ],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    module = ModulePage.objects.get(title="L'escape game de la coopération")
    assert module.live
    session = ModuleSession.objects.get(module=module)
    assert session.room == "Salle Marianne"
    assert str(session) == "L'escape game de la coopération – mardi 14 octobre 2025, 9h30 – 11h30"


def test_a_tailor_made_session_needs_its_requesting_team(
    season, communication_user, admin_add_page
):
    response = admin_add_page(
        communication_user,
        season,
        ModulePage,
        module_form(
            "Les cafés digitaux",
            sessions=[
                {
                    "start": "2025-10-14 09:30",
                    "end": "2025-10-14 09:00",
                    "place": "",
                    "room": "",
                    "capacity": "",
                    "is_tailor_made": "on",
                    "requesting_team": "",
                }
            ],
        ),
    )
    assert response.status_code == 200
    assert not ModulePage.objects.filter(title="Les cafés digitaux").exists()
    content = response.content.decode()
    assert "La fin de la session doit suivre son début." in content


def test_communication_creates_a_season_under_the_index(
    home_page, communication_user, admin_add_page
):
    index = SeasonIndexPageFactory(parent=home_page)
    data = nested_form_data(
        {
            "title": "Saison 2",
            "slug": "saison-2",
            "start_date": "2025-10-01",
            "end_date": "2026-06-30",
            "introduction": rich_text("<p>Octobre 2025 – Juin 2026</p>"),
            "body": streamfield([]),
        }
    )
    response = admin_add_page(communication_user, index, SeasonPage, data)
    assert response.status_code == 302
    assert SeasonPage.objects.get(title="Saison 2").live


def test_an_agent_cannot_open_the_admin_to_add_a_module(season, agent, admin_add_page):
    response = admin_add_page(agent, season, ModulePage, module_form("Module interdit"))
    assert response.status_code == 403
    assert not ModulePage.objects.filter(title="Module interdit").exists()


def test_a_module_shows_upcoming_sessions_facilitators_and_testimonials(season, client_as):
    module = ModulePageFactory(parent=season, title="Trucs et astuces pour être à l'aise à l'oral")
    now = timezone.now()
    ModuleSessionFactory(module=module, start=now + datetime.timedelta(days=3), room="Salle A")
    ModuleSessionFactory(module=module, start=now - datetime.timedelta(days=30), room="Salle B")
    ModuleSessionFactory(
        module=module,
        start=now + datetime.timedelta(days=10),
        is_tailor_made=True,
        requesting_team="Direction des sports",
    )
    ModuleFacilitatorFactory(page=module, person__name="Julie")
    QuoteFactory(page=module, quote="Groupe très sympa et animation très réussie.")

    response = client_as("agent").get(module.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Salle A" in content
    assert "1 session passée" in content
    assert "Direction des sports" in content and "Sur-mesure" in content
    assert "Julie" in content
    assert "Groupe très sympa et animation très réussie." in content


def test_the_season_lists_its_modules_figures_and_upcoming_sessions(season, client_as):
    module = ModulePageFactory(parent=season, title="Les cafés digitaux")
    ModuleSessionFactory(module=module, room="Salle des cafés")
    past = timezone.now() - datetime.timedelta(days=20)
    held = [
        ModuleSessionFactory(module=module, start=past, is_tailor_made=tailor, requesting_team="X")
        for tailor in (True, False, False)
    ]
    people = [UserFactory() for _ in range(3)]
    for session in held:
        for person in people[:2]:
            Attendance.objects.create(session=session, user=person, present=True)
    Attendance.objects.create(session=held[0], name="Venue sans inscription", present=True)
    index = survey_index(season.get_parent().get_parent())
    survey = make_survey(
        index,
        title="Votre avis",
        evaluated_page=season,
        anonymous=False,
        questions=[{"kind": "single", "label": "Utile ?", "choices": "Oui\nNon"}],
    )
    bulk_responses(survey, [{"Utile ?": "Oui"}] * 17 + [{"Utile ?": "Non"}] * 3)

    content = client_as("agent").get(season.url).content.decode()

    assert "Les cafés digitaux" in content
    assert "Salle des cafés" in content
    # Computed, never typed: 3 sessions held, 7 participations, 3 distinct people, 85 % « Oui ».
    assert "dont 1 sur-mesure" in content
    assert "<dd>7</dd>" in content and "<dd>3</dd>" in content
    assert "85\u202f%" in content


def test_a_season_without_records_shows_dashes(season, client_as):
    content = client_as("agent").get(season.url).content.decode()
    assert "Saison 1 en chiffres" in content
    assert content.count("<dd>—</dd>") == 5


@pytest.mark.parametrize(("visible", "status"), [(False, 403), (True, 200)])
def test_a_partner_sees_a_season_only_when_visible_to_partners(season, client_as, visible, status):
    season.visible_to_partners = visible
    season.save_revision().publish()
    assert client_as("partner").get(season.url).status_code == status


def test_the_index_hides_seasons_not_visible_to_partners(season, client_as):
    index = season.get_parent().specific
    assert isinstance(index, SeasonIndexPage)
    index.visible_to_partners = True
    index.save_revision().publish()
    SeasonPageFactory(parent=index, title="Saison ouverte", visible_to_partners=True)
    content = client_as("partner").get(index.url).content.decode()
    assert "Saison ouverte" in content
    assert "Saison 1" not in content


def build_module(season, sessions):
    module = ModulePageFactory(parent=season)
    for _ in range(sessions):
        ModuleSessionFactory(module=module)
    QuoteFactory.create_batch(sessions, page=module)
    ModuleFacilitatorFactory.create_batch(sessions, page=module)
    return module


@pytest.mark.parametrize("size", [1, 8])
def test_module_page_queries_do_not_grow(season, client_as, django_assert_max_num_queries, size):
    module = build_module(season, size)
    client = client_as("agent")
    with django_assert_max_num_queries(26):
        assert client.get(module.url).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_season_page_queries_do_not_grow(season, client_as, django_assert_max_num_queries, size):
    for _ in range(size):
        build_module(season, 2)
    client = client_as("partner")
    season.visible_to_partners = True
    season.save()
    with django_assert_max_num_queries(26):
        assert client.get(season.url).status_code == 200


@pytest.mark.parametrize("size", [1, 14])
def test_season_index_queries_do_not_grow(
    home_page, client_as, django_assert_max_num_queries, size
):
    index = SeasonIndexPageFactory(parent=home_page)
    SeasonPageFactory.create_batch(size, parent=index)
    client = client_as("agent")
    with django_assert_max_num_queries(24):
        assert client.get(index.url).status_code == 200


def test_a_cached_module_page_shows_a_session_added_in_the_admin(season, client_as):
    module = ModulePageFactory(parent=season, title="Les cafés digitaux")
    client = client_as("agent")
    assert "Salle Lumière" not in client.get(module.url).content.decode()
    ModuleSessionFactory(module=module, room="Salle Lumière")
    module.save_revision().publish()  # what the admin does when the editor saves the page
    assert "Salle Lumière" in client.get(module.url).content.decode()


def test_an_edited_testimonial_shows_at_once_on_a_cached_module_page(season, client_as):
    module = ModulePageFactory(parent=season, title="Les cafés digitaux")
    quote = QuoteFactory(page=module, quote="Très utile pour mon équipe.")
    client = client_as("agent")
    assert "Très utile pour mon équipe." in client.get(module.url).content.decode()
    quote.quote = "Des outils concrets, que j'ai réutilisés dès le lendemain."
    quote.save()  # what the snippet editor does: the page itself is not saved
    html = client.get(module.url).content.decode()
    assert "Des outils concrets" in html
    quote.delete()
    assert "Des outils concrets" not in client.get(module.url).content.decode()


def test_module_pages_with_the_same_title_in_two_seasons_have_different_titles(season, client_as):
    season_two = SeasonPageFactory(
        parent=season.get_parent(), title="Saison 2", visible_to_partners=False
    )
    first = ModulePageFactory(parent=season, title="Le café des mots")
    second = ModulePageFactory(parent=season_two, title="Le café des mots")
    client = client_as("agent")
    titles = [
        client.get(page.url).content.decode().split("<title>")[1].split("</title>")[0]
        for page in (first, second)
    ]
    assert titles[0] == "Le café des mots – Saison 1 – Coopérer"
    assert titles[1] == "Le café des mots – Saison 2 – Coopérer"


def test_a_season_of_example_content_shows_the_shared_example_note(season, client_as):
    client = client_as("agent")
    assert b'class="example-note"' not in client.get(season.url).content
    season.example_content = True
    season.save_revision().publish()
    page = client.get(season.url).content.decode()
    note = page.index('class="example-note"')
    assert "Exemple fictif" in page[note : note + 200]
