"""The demo builds Season 1 as records whose computed figures are exactly the seed's."""

import pytest

from pages import demo as pages_demo
from pages.models import ModuleSession, SeasonPage
from registrations import demo
from registrations.figures import compute_season_figures, participants_by_service
from registrations.models import Attendance, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(home_page):
    pages_demo.load()
    demo.load()
    return home_page


def test_season_one_figures_are_the_seeds_computed_from_records(demo_site, client_as):
    season = SeasonPage.objects.get(slug="saison-1")
    figures = compute_season_figures(season)
    assert (
        figures.sessions_held,
        figures.tailor_made,
        figures.modules_with_sessions,
        figures.participations,
        figures.unique_participants,
    ) == (49, 13, 7, 342, 248)
    sessions = ModuleSession.objects.filter(module__in=season.get_children())
    starts = sorted(s.start.date().isoformat() for s in sessions)
    assert starts[0] >= "2025-01-01" and starts[-1] <= "2025-06-30"
    assert all(s.is_fictitious for s in sessions)
    html = client_as("agent").get(season.url).content.decode()
    assert "<dd>342</dd>" in html and "<dd>248</dd>" in html
    assert "49 <span" in html and "dont 13 sur-mesure" in html and "<dd>7</dd>" in html
    assert "Exemple fictif" in html


def test_demo_services_are_marked_fictitious_and_add_up(demo_site):
    season = SeasonPage.objects.get(slug="saison-1")
    rows = participants_by_service(season)
    assert sum(row.participants for row in rows) == 248
    assert rows[-1].unknown and rows[-1].name == "Non renseigné"
    assert all(row.name.endswith("(exemple fictif)") for row in rows[:-1])


def test_demo_people_are_fictitious_and_use_example_org(demo_site):
    emails = Attendance.objects.exclude(user=None).values_list("user__email", flat=True)
    assert all(email.endswith("@example.org") for email in emails)


def test_demo_people_are_marked_by_the_pages_not_by_their_surname(demo_site, client_as):
    """The sheets and listings mark people with the shared mark (by their example address): no
    « (exemple fictif) » in the surname beside it."""
    from django.urls import reverse

    attendance = Attendance.objects.exclude(user=None).select_related("user", "session").first()
    person = attendance.user
    assert "exemple fictif" not in person.get_full_name().lower()
    client = client_as("coordinator")
    pages = [
        client.get(reverse("registrations:attendance", args=[attendance.session_id])),
        client.get(reverse("registrations:sign_sheet", args=[attendance.session_id])),
        client.get("/admin/registrations/registration/", {"q": person.username}),
        client.get("/admin/registrations/attendance/", {"q": person.username}),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200 and person.get_full_name() in html
        line = html[html.index(person.get_full_name()) :]
        line = line[: line.index("</tr>") if "</tr>" in line[:600] else line.index("</li>")]
        assert 'class="example-mark"' in line, line


def test_people_of_an_older_demo_lose_the_surname_suffix(demo_site):
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(username__startswith=demo.PERSON_PREFIX)
    people.filter(pk=people.first().pk).update(
        first_name="Personne", last_name="001 (exemple fictif)"
    )
    demo.load()
    assert not people.filter(last_name__contains="exemple fictif").exists()


def test_upcoming_sessions_are_in_the_fictitious_programme_only(demo_site, client_as):
    programme = SeasonPage.objects.get(slug="exemple-fictif-prochaines-sessions")
    upcoming = ModuleSession.objects.upcoming()
    assert upcoming.exists()
    for slug in ("saison-1", "saison-2"):
        season = SeasonPage.objects.get(slug=slug)
        assert not upcoming.filter(module__path__startswith=season.path).exists()
    assert upcoming.filter(module__path__startswith=programme.path).count() == upcoming.count()
    assert Registration.objects.filter(status="waiting").count() == 2
    module = programme.get_children().live().first()
    html = client_as("agent").get(module.url).content.decode()
    assert "Exemple fictif" in html


def test_loading_again_changes_nothing(demo_site):
    counts = (
        ModuleSession.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )
    pages_demo.load()
    demo.load()
    assert counts == (
        ModuleSession.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )


def test_the_satisfaction_answers_come_from_attendees_and_give_the_seeds_shares(
    demo_site, client_as
):
    """Seed 000: « Oui 85 % », answered by people who came (the anonymous survey knows them
    only through its "has answered" table); the season shows the share computed from them."""
    from surveys import demo as surveys_demo
    from surveys.models import Participation, SurveyPage

    surveys_demo.load()
    season = SeasonPage.objects.get(slug="saison-1")
    survey = SurveyPage.objects.get(slug="bilan-saison-1")
    respondents = set(Participation.objects.filter(survey=survey).values_list("user", flat=True))
    assert len(respondents) == 120
    assert respondents <= set(demo.season_one_attendee_ids(season))
    assert not survey.responses.exclude(user=None).exists()  # anonymous: no answer names anyone
    results = client_as("agent").get(survey.url + "resultats/").content.decode()
    assert "85" in results and "14,2" in results
    # The figures are the seed's; the individual responses are invented, and say so.
    assert "Exemple fictif" in results and "120 réponses individuelles" in results
    keywords = SurveyPage.objects.get(slug="mot-cle-cooperation")
    cloud = client_as("agent").get(keywords.url + "resultats/").content.decode()
    assert "Exemple fictif" in cloud and "Les mots-clés affichés sont inventés" in cloud
    assert "85" in client_as("agent").get(season.url).content.decode()
