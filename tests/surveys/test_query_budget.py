"""Query budgets: the results page and a submission cost a fixed number of queries, whatever
the number of questions (every kind here) and of responses."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from surveys.factories import bulk_responses
from surveys.models import SurveyResponse
from tests.surveys.conftest import ALL_KINDS, valid_post

pytestmark = pytest.mark.django_db

GRID = {
    "kind": "grid",
    "label": "Votre accord avec ces affirmations",
    "choices": ["Pas d'accord", "Plutôt pas", "Plutôt d'accord", "D'accord"],
    "rows": ["L'atelier était clair", "Le rythme était bon"],
}
EVERY_KIND = [*ALL_KINDS, GRID]


def _answers(i):
    """One response answering every question, as people read the choices."""
    return {
        "Votre service": ["Culture", "Sport"][i % 2],
        "Vos thèmes": ["A", "C"] if i % 3 else ["B"],
        "Reviendrez-vous ?": "Oui" if i % 4 else "Non",
        "Votre note": i % 5 + 1,
        "Votre équipe": f"Équipe {i}",
        "Un commentaire": f"Commentaire {i}",
        "Combien de collègues ?": i % 20 + 1,
        "Date souhaitée": datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 30),
        "Votre adresse": f"agent{i}@example.org",
        "Vos mots-clés": ["écoute, confiance", "Vision"][i % 2],
        GRID["label"]: {
            "L'atelier était clair": "D'accord",
            "Le rythme était bon": ["Plutôt pas", "Plutôt d'accord"][i % 2],
        },
    }


@pytest.mark.parametrize("size", [3, 60])
def test_results_page_of_every_kind_in_ten_queries(
    client_as, build_survey, django_assert_max_num_queries, size
):
    survey = build_survey(EVERY_KIND, one_response_per_person=False)
    bulk_responses(survey, [_answers(i) for i in range(size)])
    client = client_as("coordinator")
    url = survey.url + "resultats/"
    client.get(url)  # warm caches (site root, the user's roles, menus)
    # Session and user, the page's route (4), the questions, the tallies, the written answers
    # of every text question (one UNION), the breadcrumbs: 10, whatever the size.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{size} réponses" in html
    for question in EVERY_KIND:
        assert question["label"].replace("'", "&#x27;") in html
    assert f"Commentaire {size - 1}" in html and "confiance" in html


def _submission_queries(client, survey, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(survey.url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return len(queries)


@pytest.mark.parametrize(
    ("settings_", "budgets"),
    [
        # Anonymous, several responses per person (the benchmark's survey).
        ({"anonymous": True, "one_response_per_person": False}, (10, 12)),
        # Anonymous, one response per person: the "has answered" marker, checked and written.
        ({"anonymous": True, "one_response_per_person": True}, (11, 14)),
        # Identified: the "already answered?" check and the draft's removal.
        ({"anonymous": False, "one_response_per_person": True}, (11, 14)),
    ],
)
def test_a_submission_costs_the_same_queries_for_one_question_or_every_kind(
    build_survey, make_user, client, settings_, budgets
):
    """Session, user, the page's route (4), the questions, any "already answered?" check, then
    the writes: one statement on PostgreSQL (in a savepoint here, inside the test's
    transaction), one transaction of a few statements elsewhere."""
    budget = budgets[0] if connection.vendor == "postgresql" else budgets[1]
    small = build_survey([{"kind": "yes_no", "label": "Reviendrez-vous ?"}], **settings_)
    large = build_survey(EVERY_KIND, **settings_)
    client.force_login(make_user("agent"))
    for survey in (small, large):
        client.get(survey.url)  # warm caches
    one = _submission_queries(
        client, small, {small.questions.get().field_name: valid_post(large)[_field(large)]}
    )
    grid = large.questions.get(kind="grid")
    data = valid_post(large)
    for statement in grid.kind_class.statements(grid):
        data[grid.kind_class.row_name(grid, statement)] = grid.choice_items()[0].key
    every = _submission_queries(client, large, data)
    assert one == every <= budget
    assert SurveyResponse.objects.count() == 2
    assert large.responses.get().answers.count() > 10


def _field(survey):
    return survey.questions.get(label="Reviendrez-vous ?").field_name
