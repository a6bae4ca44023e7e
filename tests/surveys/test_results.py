"""Results: SQL aggregation, French percentages, charts + tables, visibility, bounded queries."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from surveys.factories import bulk_responses
from surveys.kinds import normalise_keyword
from surveys.results import format_percent
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

NBSP = "\u202f"


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (102, 120, "85"),
        (17, 120, "14,2"),
        (0, 120, "0"),
        (1, 120, "0,8"),
        (1, 3, "33,3"),
        (2, 3, "66,7"),
        (1, 8, "12,5"),
        (0, 0, "0"),
        (120, 120, "100"),
    ],
)
def test_format_percent(count, total, expected):
    assert format_percent(count, total) == f"{expected}{NBSP}%"


def test_normalise_keyword():
    assert normalise_keyword("  Écoute ") == "ecoute"
    assert normalise_keyword("CONFIANCE.") == "confiance"
    assert normalise_keyword("Vision   Commune") == "vision commune"


def _results_url(survey):
    return survey.url + "resultats/"


def test_demo_satisfaction_survey_shows_the_seed_figures(client_as, home_page):
    from surveys import demo

    demo.load()
    demo.load()  # idempotent
    from surveys.models import SurveyPage, SurveyResponse

    survey = SurveyPage.objects.get(title=demo.SATISFACTION_TITLE)
    assert SurveyResponse.objects.filter(survey=survey).count() == 120
    html = client_as("agent").get(_results_url(survey)).content.decode()
    for label, count, percent in [
        ("Oui", 102, "85"),
        ("Je ne sais pas trop encore", 17, "14,2"),
        ("Non", 0, "0"),
        ("Sans réponse", 1, "0,8"),
    ]:
        assert f'<th scope="row">{label}</th><td>{count}</td><td>{percent}{NBSP}%</td>' in html, (
            label
        )
    assert "120 réponses" in html


def test_demo_keyword_cloud_is_normalised(client_as, home_page):
    from surveys import demo
    from surveys.models import SurveyPage

    demo.load()
    survey = SurveyPage.objects.get(title=demo.KEYWORD_TITLE)
    html = client_as("partner").get(_results_url(survey)).content.decode()
    assert 'class="word-cloud"' in html
    assert '<th scope="row">confiance</th><td>3</td>' in html
    assert '<th scope="row">écoute</th><td>2</td>' in html
    assert "CONFIANCE" not in html


SCALE_AND_TEXT = [
    {"kind": "scale", "label": "Note", "scale_min": 1, "scale_max": 5},
    {"kind": "number", "label": "Nombre", "min_value": 0, "max_value": 100},
    {"kind": "long_text", "label": "Commentaire"},
    {"kind": "multiple", "label": "Thèmes", "choices": "A\nB\nC"},
    {"kind": "keywords", "label": "Mots", "max_keywords": 3},
    {"kind": "date", "label": "Quand"},
]


def _fill(survey, n, start=None):
    sets = []
    for i in range(n):
        sets.append(
            {
                "Note": i % 5 + 1,
                "Nombre": Decimal(i),
                "Commentaire": f"Commentaire {i}",
                "Thèmes": ["A", "B"] if i % 2 else ["A"],
                "Mots": "Confiance",
                "Quand": datetime.date(2026, 1, 1 + i % 28),
            }
        )
    bulk_responses(survey, sets, start=start)


def test_scale_number_text_keywords_results(client_as, build_survey):
    survey = build_survey(SCALE_AND_TEXT, results_visibility="readers")
    _fill(survey, 25)
    html = client_as("agent").get(_results_url(survey)).content.decode()
    # Scale 1..5 five times each: mean 3, median 3.
    assert "<dt>Moyenne</dt><dd>3</dd>" in html
    assert "<dt>Médiane</dt><dd>3</dd>" in html
    # Number 0..24: mean 12, median 12.
    assert html.count("<dd>12</dd>") >= 2
    # Multiple choice: percentages of respondents.
    assert f'<th scope="row">A</th><td>25</td><td>100{NBSP}%</td>' in html
    assert f'<th scope="row">B</th><td>12</td><td>48{NBSP}%</td>' in html
    # Free texts paginated by 20.
    assert "Page 1 sur 2" in html
    second = client_as("coordinator", username="c2").get(
        _results_url(survey), {field(survey, "Commentaire"): 2}
    )
    assert "Page 2 sur 2" in second.content.decode()


def test_results_reflect_a_new_response_immediately(client_as, build_survey):
    survey = build_survey([{"kind": "yes_no", "label": "Utile ?"}], results_visibility="readers")
    client = client_as("agent")
    assert (
        client.post(
            survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")}
        ).status_code
        == 302
    )
    html = client.get(_results_url(survey)).content.decode()
    assert f'<th scope="row">Oui</th><td>1</td><td>100{NBSP}%</td>' in html


def test_date_filter(client_as, build_survey):
    survey = build_survey(SCALE_AND_TEXT)
    _fill(survey, 3, start=timezone.make_aware(datetime.datetime(2026, 1, 10, 12)))
    _fill(survey, 2, start=timezone.make_aware(datetime.datetime(2026, 2, 10, 12)))
    client = client_as("coordinator")
    html = client.get(_results_url(survey), {"date_from": "2026-02-01"}).content.decode()
    assert "2 réponses" in html
    html = client.get(_results_url(survey), {"date_to": "2026-01-31"}).content.decode()
    assert "3 réponses" in html
    html = client.get(_results_url(survey), {"date_to": "hier"}).content.decode()
    assert "n&#x27;est pas une date" in html and "5 réponses" in html


@pytest.mark.parametrize("size", [10, 200])
def test_results_query_count_does_not_grow(
    client_as, build_survey, django_assert_max_num_queries, size
):
    survey = build_survey(SCALE_AND_TEXT)
    _fill(survey, size)
    client = client_as("coordinator")
    client.get(_results_url(survey))  # warm caches (site root, user groups)
    with django_assert_max_num_queries(35):  # page serving + ~10 result queries
        response = client.get(_results_url(survey))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("visibility", "kind", "answered", "allowed"),
    [
        ("coordinators", "agent", True, False),
        ("coordinators", "coordinator", False, True),
        ("coordinators", "superuser", False, True),
        ("respondents", "agent", False, False),
        ("respondents", "agent", True, True),
        ("readers", "agent", False, True),
        ("readers", "communication", False, True),
    ],
)
def test_who_sees_results(client_as, build_survey, visibility, kind, answered, allowed):
    survey = build_survey([{"kind": "yes_no", "label": "Utile ?"}], results_visibility=visibility)
    client = client_as(kind)
    if answered:
        client.post(survey.url, {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")})
    response = client.get(_results_url(survey))
    assert response.status_code == (200 if allowed else 403)


def test_anonymous_results_wait_for_the_minimum(client_as, build_survey):
    survey = build_survey(
        [{"kind": "yes_no", "label": "Utile ?"}],
        anonymous=True,
        results_visibility="readers",
        min_responses_for_results=3,
    )
    bulk_responses(survey, [{"Utile ?": "Oui"}] * 2)
    client = client_as("agent")
    html = client.get(_results_url(survey)).content.decode()
    assert "s'affichent à partir de 3 réponses" in html
    assert '<th scope="row">Oui</th>' not in html
    bulk_responses(survey, [{"Utile ?": "Non"}])
    html = client.get(_results_url(survey)).content.decode()
    assert f'<th scope="row">Oui</th><td>2</td><td>66,7{NBSP}%</td>' in html


def test_demo_is_idempotent(home_page):
    from wagtail.models import Page, Revision

    from surveys import demo
    from surveys.models import Answer, SurveyQuestion, SurveyResponse

    demo.load()

    def counts():
        return [
            model.objects.count()
            for model in (Page, Revision, SurveyQuestion, SurveyResponse, Answer)
        ]

    before = counts()
    demo.load()
    assert counts() == before
