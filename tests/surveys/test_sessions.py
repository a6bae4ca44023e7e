"""The link between a response and the evaluated module's session (pages.ModuleSession)."""

import csv
import datetime
import io

from django.utils import timezone

import pytest

from pages.factories import (
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)
from surveys.models import SurveyResponse
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

QUESTIONS = [{"kind": "yes_no", "label": "Utile ?"}]


@pytest.fixture
def module_sessions(home_page):
    season = SeasonPageFactory(parent=SeasonIndexPageFactory(parent=home_page))
    module = ModulePageFactory(parent=season, title="Coopérer en équipe")
    start = timezone.make_aware(datetime.datetime(2025, 3, 11, 9, 30))
    first = ModuleSessionFactory(module=module, start=start, place="Hôtel de Ville")
    second = ModuleSessionFactory(
        module=module, start=start + datetime.timedelta(days=7), place="Mairie du 3e"
    )
    other = ModuleSessionFactory(module=ModulePageFactory(parent=season), start=start)
    return module, first, second, other


def test_session_from_the_link_is_recorded(client_as, build_survey, module_sessions):
    module, first, second, other = module_sessions
    survey = build_survey(QUESTIONS, evaluated_page=module, one_response_per_person=False)
    client = client_as("agent")
    html = client.get(survey.url, {"seance": second.pk}).content.decode()
    assert f'name="seance" value="{second.pk}"' in html
    client.post(
        survey.url,
        {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui"), "seance": second.pk},
    )
    assert SurveyResponse.objects.get().session == second
    # Another module's session is refused with a French message, nothing saved.
    response = client.post(
        survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui"), "seance": other.pk}
    )
    assert "Cette séance ne correspond pas au questionnaire." in response.content.decode()
    assert SurveyResponse.objects.count() == 1
    # A foreign session in the link is simply not carried.
    html = client.get(survey.url, {"seance": other.pk}).content.decode()
    assert f'value="{other.pk}"' not in html


def test_respondent_chooses_the_session_when_asked(client_as, build_survey, module_sessions):
    module, first, second, _other = module_sessions
    survey = build_survey(QUESTIONS, evaluated_page=module, ask_session=True)
    client = client_as("agent")
    html = client.get(survey.url).content.decode()
    assert "Séance à laquelle vous avez participé" in html
    assert "Hôtel de Ville" in html and "Mairie du 3e" in html
    response = client.post(survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")})
    assert "Indiquez votre séance." in response.content.decode()
    client.post(
        survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui"), "seance": first.pk}
    )
    assert SurveyResponse.objects.get().session == first


def test_results_and_exports_filter_by_session(client_as, build_survey, module_sessions):
    module, first, second, _other = module_sessions
    survey = build_survey(
        QUESTIONS, evaluated_page=module, ask_session=True, one_response_per_person=False
    )
    agent = client_as("agent")
    for session, label in [(first, "Oui"), (first, "Oui"), (second, "Non")]:
        agent.post(
            survey.url,
            {field(survey, "Utile ?"): choice(survey, "Utile ?", label), "seance": session.pk},
        )
    agent.logout()
    client = client_as("coordinator")
    html = client.get(survey.url + "resultats/", {"seance": second.pk}).content.decode()
    assert "1 réponse" in html
    assert '<th scope="row">Non</th><td>1</td><td>100\u202f%</td>' in html
    assert "Mairie du 3e" in html  # the session filter lists the module's sessions
    body = b"".join(
        client.get(survey.url + "reponses/export/csv/", {"seance": first.pk}).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["Réponse n°", "Date d'envoi", "Séance"]
    assert len(rows) == 3 and {row[2] for row in rows[1:]} == {"11/03/2025"}  # a French date
