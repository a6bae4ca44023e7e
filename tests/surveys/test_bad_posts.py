"""Hand-made survey posts: each gets a French answer and writes nothing it should not."""

import uuid

import pytest

from surveys.models import Answer, SurveyResponse
from tests.surveys.conftest import choice, field, valid_post

pytestmark = pytest.mark.django_db


def test_a_choice_repeated_in_a_post_is_stored_once(client_as, build_survey):
    survey = build_survey()
    themes = field(survey, "Vos thèmes")
    a, b = choice(survey, "Vos thèmes", "A", "B")
    post = valid_post(survey, **{themes: [a] * 500 + [b, a]})
    response = client_as("agent").post(survey.url, post)
    assert response.status_code == 302
    key = survey.questions.get(label="Vos thèmes").key
    stored = Answer.objects.filter(question_key=key).values_list("choice", flat=True)
    assert sorted(stored) == sorted([a, b])


def test_a_token_from_another_survey_is_refused_in_french(client_as, build_survey):
    first = build_survey(title="Premier", slug="premier")
    second = build_survey(title="Second", slug="second")
    client = client_as("agent")
    token = str(uuid.uuid4())
    assert client.post(first.url, {**valid_post(first), "form_token": token}).status_code == 302

    other = client_as("agent", username="autre.agent")
    response = other.post(second.url, {**valid_post(second), "form_token": token})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "Ce formulaire a été modifié ou n'est plus valable" in html
    assert not SurveyResponse.objects.filter(survey=second).exists()
    assert token not in html  # the re-shown form carries a fresh token

    fresh = response.context["form"].data["form_token"]
    resent = other.post(second.url, {**valid_post(second), "form_token": fresh})
    assert resent.status_code == 302
    assert SurveyResponse.objects.filter(survey=second).count() == 1


def test_an_altered_token_shows_a_visible_french_error(client_as, build_survey):
    survey = build_survey()
    response = client_as("agent").post(
        survey.url, {**valid_post(survey), "form_token": "pas-un-jeton"}
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert 'class="error-summary"' in html
    assert "Ce formulaire a été modifié ou n'est plus valable" in html
    assert "Form token" not in html
    assert not SurveyResponse.objects.exists()


def test_min_choices_message_is_singular_for_one(client_as, build_survey):
    from surveys.models import QuestionKind

    survey = build_survey(
        questions=[
            {
                "kind": QuestionKind.MULTIPLE,
                "label": "Vos thèmes",
                "choices": "A\nB\nC",
                "min_choices": 1,
                "max_choices": 1,
            }
        ]
    )
    both = choice(survey, "Vos thèmes", "A", "B")
    response = client_as("agent").post(survey.url, {field(survey, "Vos thèmes"): both})
    html = response.content.decode()
    assert "Cochez au plus 1 réponse." in html
