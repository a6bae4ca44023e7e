"""Admin listing/detail/deletion, the home page's open surveys, the tailor-made request e-mail."""

import datetime

from django.utils import timezone

import pytest

from surveys import demo
from surveys.models import SurveyPage, SurveyResponse
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

QUESTIONS = [{"kind": "yes_no", "label": "Utile ?"}]
ADMIN_URL = "/admin/surveys/surveyresponse/"


def test_coordination_lists_inspects_and_deletes_responses(client_as, build_survey):
    from portal.roles import sync_role_permissions

    sync_role_permissions()
    survey = build_survey(QUESTIONS, title="Bilan atelier")
    agent = client_as("agent", username="camille")
    agent.post(survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")})
    agent.logout()
    response = SurveyResponse.objects.get()
    client = client_as("coordinator")
    listing = client.get(ADMIN_URL, {"questionnaire": survey.pk})
    assert listing.status_code == 200
    assert "Bilan atelier" in listing.content.decode()
    detail = client.get(f"{ADMIN_URL}inspect/{response.pk}/").content.decode()
    assert "Utile ?" in detail and "Oui" in detail
    confirm = client.get(f"{ADMIN_URL}delete/{response.pk}/")
    assert confirm.status_code == 200
    client.post(f"{ADMIN_URL}delete/{response.pk}/")
    assert SurveyResponse.objects.count() == 0


def test_communication_cannot_see_responses(client_as):
    from portal.roles import sync_role_permissions

    sync_role_permissions()
    assert client_as("communication").get(ADMIN_URL).status_code in (302, 403)


def test_home_lists_open_surveys_not_yet_answered(client_as, build_survey, home_page):
    now = timezone.now()
    open_survey = build_survey(QUESTIONS, title="Ouvert aux agents", audience="agents")
    build_survey(QUESTIONS, title="Clos", closes_at=now - datetime.timedelta(days=1))
    build_survey(QUESTIONS, title="Pour les partenaires", audience="partners")
    answered = build_survey(QUESTIONS, title="Déjà répondu", anonymous=True)
    client = client_as("agent")
    client.post(answered.url, {field(answered, "Utile ?"): choice(answered, "Utile ?", "Oui")})
    html = client.get(home_page.url).content.decode()
    assert "Questionnaires à remplir" in html
    assert "Ouvert aux agents" in html
    assert "Clos" not in html and "Pour les partenaires" not in html
    assert "Déjà répondu" not in html
    client.post(
        open_survey.url, {field(open_survey, "Utile ?"): choice(open_survey, "Utile ?", "Non")}
    )
    assert "Questionnaires à remplir" not in client.get(home_page.url).content.decode()


def test_home_section_respects_the_partner_rule(client_as, build_survey, home_page):
    build_survey(QUESTIONS, title="Caché aux partenaires", audience="both")
    build_survey(
        QUESTIONS, title="Ouvert aux partenaires", audience="both", visible_to_partners=True
    )
    html = client_as("partner").get(home_page.url).content.decode()
    assert "Ouvert aux partenaires" in html and "Caché aux partenaires" not in html


@pytest.mark.parametrize("surveys", [2, 8])
def test_home_section_query_count(
    client_as, build_survey, home_page, surveys, django_assert_max_num_queries
):
    for i in range(surveys):
        build_survey(QUESTIONS, title=f"Questionnaire ouvert {i}")
    client = client_as("agent")
    client.get(home_page.url)
    with django_assert_max_num_queries(16):
        client.get(home_page.url)


def test_tailor_made_request_notifies_coordination(
    client_as, home_page, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    demo.load()
    make_user("coordinator", username="coord1", email="coord1@example.org")
    make_user("coordinator", username="coord2", email="coord2@example.org")
    survey = SurveyPage.objects.get(title=demo.REQUEST_TITLE)
    assert survey.tailor_made_requests  # coordinators may turn each request into a session
    client = client_as("agent", username="demandeur", email="demandeur@example.org")
    data = {
        field(survey, "Équipe, site ou groupe projet"): "Direction des sports",
        field(survey, "Nombre de participants envisagé"): "15",
        field(survey, "Ce que vous attendez de l'atelier"): [
            choice(
                survey, "Ce que vous attendez de l'atelier", "Développer la posture de coopération"
            )
        ],
        field(survey, "Votre besoin en quelques lignes"): "Un atelier pour notre équipe.",
        field(survey, "Adresse électronique de contact"): "demandeur@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(survey.url, data)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["coord1@example.org", "coord2@example.org"]
    assert "Demander un atelier sur-mesure" in message.subject
    assert "Direction des sports" in message.body and "demandeur@example.org" in message.body
    # A team may send several requests.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(survey.url, data)
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
