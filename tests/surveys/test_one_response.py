"""One response per person, replayed posts, editing, concurrency, anonymity."""

import threading
import uuid

from django.db import connection, connections
from django.db.models import ForeignKey

import pytest

from surveys import submission
from surveys.factories import rows_for
from surveys.models import Answer, Participation, SurveyResponse
from tests.surveys.conftest import choice as choice_of
from tests.surveys.conftest import field

QUESTIONS = [{"kind": "single", "label": "Utile ?", "choices": "Oui\nNon", "required": True}]


def _data(survey, choice="Oui", token=None):
    data = {field(survey, "Utile ?"): choice_of(survey, "Utile ?", choice)}
    if token:
        data["form_token"] = str(token)
    return data


@pytest.mark.django_db
def test_second_response_is_refused_with_a_clear_message(client_as, build_survey):
    survey = build_survey(QUESTIONS)
    client = client_as("agent")
    assert client.post(survey.url, _data(survey)).status_code == 302
    page = client.get(survey.url).content.decode()
    assert "Vous avez déjà répondu à ce questionnaire" in page
    assert client.post(survey.url, _data(survey, "Non")).status_code == 403
    assert SurveyResponse.objects.count() == 1


@pytest.mark.django_db
def test_unique_constraint_refuses_a_second_identified_response(build_survey, agent):
    survey = build_survey(QUESTIONS)
    rows = rows_for(survey, {"Utile ?": "Oui"})
    submission.save_response(survey, agent, rows)
    with pytest.raises(submission.AlreadyAnswered):
        submission.save_response(survey, agent, rows)
    assert SurveyResponse.objects.count() == 1 and Answer.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True])
@pytest.mark.parametrize("once", [False, True])
def test_replayed_post_never_duplicates(client_as, build_survey, anonymous, once):
    survey = build_survey(QUESTIONS, anonymous=anonymous, one_response_per_person=once)
    client = client_as("agent")
    token = uuid.uuid4()
    first = client.post(survey.url, _data(survey, token=token))
    second = client.post(survey.url, _data(survey, token=token))  # double click / back + resend
    assert first.status_code == 302
    assert second.status_code in (302, 403)
    assert SurveyResponse.objects.count() == 1
    if not once:  # several responses allowed: a new form (new token) makes a second one
        client.post(survey.url, _data(survey, token=uuid.uuid4()))
        assert SurveyResponse.objects.count() == 2


@pytest.mark.django_db
def test_respondent_may_edit_until_closing_when_allowed(client_as, build_survey):
    survey = build_survey(QUESTIONS, allow_edit=True)
    client = client_as("agent")
    client.post(survey.url, _data(survey, "Oui"))
    page = client.get(survey.url).content.decode()
    assert "vous pouvez modifier votre réponse" in page
    assert f'value="{choice_of(survey, "Utile ?", "Oui")}"' in page and "checked" in page
    assert client.post(survey.url, _data(survey, "Non")).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.updated_at is not None
    stored = list(response.answers.values_list("choice", flat=True))
    assert stored == [choice_of(survey, "Utile ?", "Non")]


@pytest.mark.django_db
def test_editing_is_not_offered_for_anonymous_surveys(build_survey):
    from django.core.exceptions import ValidationError

    survey = build_survey(QUESTIONS)
    survey.anonymous, survey.allow_edit = True, True
    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert "allow_edit" in error.value.message_dict


@pytest.mark.django_db
def test_anonymous_response_keeps_no_way_back_to_the_user(client_as, build_survey):
    survey = build_survey(QUESTIONS, anonymous=True)
    client = client_as("agent")
    assert client.post(survey.url, _data(survey), REMOTE_ADDR="10.1.2.3").status_code == 302
    response = SurveyResponse.objects.get()
    assert response.user_id is None and response.once_key is None
    local = response.submitted_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    # "Has answered" is recorded apart, with no date and no link to the response.
    participation = Participation.objects.get()
    assert participation.user == client.user
    participation_fields = {f.name for f in Participation._meta.get_fields()}
    assert participation_fields == {"id", "survey", "user"}
    assert isinstance(participation.pk, uuid.UUID)  # no sequence to line up with responses
    response_links = {
        f.related_model for f in SurveyResponse._meta.get_fields() if isinstance(f, ForeignKey)
    }
    assert Participation not in response_links
    # No stored value anywhere holds the user's id, name or the IP address.
    stored = " ".join(
        str(value) for row in SurveyResponse.objects.values() for value in row.values()
    ) + " ".join(str(v) for row in Answer.objects.values() for v in row.values())
    assert "10.1.2.3" not in stored and client.user.username not in stored
    # A second answer is still refused.
    assert client.post(survey.url, _data(survey)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_leave_exactly_one_response(home_page, make_user):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite serialises writers on one file lock, so it cannot show "
            "two transactions racing; run with DATABASE_URL=postgres://…"
        )
    from surveys.factories import make_survey, survey_index

    survey = make_survey(survey_index(home_page), questions=QUESTIONS)
    user = make_user("agent", username="concurrent")
    rows = rows_for(survey, {"Utile ?": "Oui"})
    barrier = threading.Barrier(6)
    outcomes = []

    def post():
        try:
            barrier.wait()
            submission.save_response(survey, user, rows, form_token=uuid.uuid4())
            outcomes.append("saved")
        except submission.AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["saved"]
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 1
