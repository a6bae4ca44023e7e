"""One FilterSet for a survey's responses: the results page and the exports read the same
query string the same way (surveys/filters.py)."""

import csv
import datetime
import io
import json
import re

from django.utils import timezone

import pytest

from pages.factories import (
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)
from surveys.factories import bulk_responses
from surveys.filters import ResponseFilterSet
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

QUESTIONS = [{"kind": "yes_no", "label": "Utile ?"}, {"kind": "short_text", "label": "Équipe"}]


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def survey_with_sessions(home_page, build_survey, client_as):
    season = SeasonPageFactory(parent=SeasonIndexPageFactory(parent=home_page))
    module = ModulePageFactory(parent=season, title="Coopérer en équipe")
    start = timezone.make_aware(datetime.datetime(2026, 3, 11, 9, 30))
    first = ModuleSessionFactory(module=module, start=start, place="Hôtel de Ville")
    second = ModuleSessionFactory(module=module, start=start + datetime.timedelta(days=7))
    survey = build_survey(QUESTIONS, evaluated_page=module, one_response_per_person=False)
    agent = client_as("agent")
    for number, session in enumerate([first, first, second], start=1):
        data = {
            field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui"),
            field(survey, "Équipe"): f"Séance {number}",
            "seance": session.pk,
        }
        assert agent.post(survey.url, data).status_code == 302
    agent.logout()
    # Earlier responses, without a session, one a day in January 2026.
    bulk_responses(
        survey,
        [{"Utile ?": "Non", "Équipe": f"Janvier {day}"} for day in (12, 11, 10)],
        start=timezone.make_aware(datetime.datetime(2026, 1, 12, 12)),
        step=datetime.timedelta(days=1),
    )
    return survey, first, second


def _page(client, survey, query):
    """(total shown on the results page, written answers shown) for ``query``."""
    html = client.get(f"{survey.url}resultats/?{query}").content.decode()
    total = int(re.search(r"<strong>(\d+) réponses?</strong>", html).group(1))
    texts = set(re.findall(r"<li>((?:Séance|Janvier) \d+)</li>", html))
    return total, texts, html


def _exports(client, survey, query):
    text = _body(client.get(f"{survey.url}reponses/export/csv/?{query}")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    data = json.loads(_body(client.get(f"{survey.url}reponses/export/json/?{query}")))
    return {row["Équipe"] for row in rows}, {item["Équipe"] for item in data}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Séance 1", "Séance 2", "Séance 3", "Janvier 10", "Janvier 11", "Janvier 12"}),
        ("date_to=2026-01-11", {"Janvier 10", "Janvier 11"}),
        ("date_from=2026-01-11&date_to=2026-01-31", {"Janvier 11", "Janvier 12"}),
        ("seance={first}", {"Séance 1", "Séance 2"}),
        ("seance={second}&date_from=2026-02-01", {"Séance 3"}),
        ("seance={second}&date_to=2026-01-31", set()),
        # Bad values are ignored (and said), the other filters still apply.
        ("date_to=hier&seance={second}", {"Séance 3"}),
        ("seance=abc&date_to=2026-01-10", {"Janvier 10"}),
    ],
)
def test_same_query_string_same_responses_on_the_page_and_in_the_exports(
    client_as, survey_with_sessions, query, expected
):
    survey, first, second = survey_with_sessions
    query = query.format(first=first.pk, second=second.pk)
    client = client_as("coordinator")
    total, shown, _html = _page(client, survey, query)
    in_csv, in_json = _exports(client, survey, query)
    assert shown == in_csv == in_json == expected
    assert total == len(expected)
    filterset = ResponseFilterSet(
        dict(item.split("=") for item in query.split("&") if item), survey
    )
    assert {r.answers.get(text__gt="").text for r in filterset.qs} == expected


def test_bad_values_are_reported_in_french(client_as, survey_with_sessions):
    survey, first, second = survey_with_sessions
    client = client_as("coordinator")
    _total, _texts, html = _page(client, survey, "date_from=demain&seance=999999")
    assert "Date ignorée : « demain » n&#x27;est pas une date." in html
    assert "Séance ignorée : elle ne correspond pas à ce questionnaire." in html
    assert "6 réponses" in html
    # The session list offers the module's sessions, labelled as in the answer form.
    assert f'<option value="{first.pk}">' in html and "Hôtel de Ville" in html
