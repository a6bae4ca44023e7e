"""One reminder per survey, sent by a coordinator to the people who have not answered
(surveys/reminders.py): who gets it, anonymity, the door, the task, the record."""

import datetime

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest

from pages.factories import (
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)
from registrations.models import Attendance
from surveys.models import SurveyReminder
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

QUESTIONS = [{"kind": "yes_no", "label": "Utile ?"}]


def _answer(survey, user, expected=302):
    client = Client()
    client.force_login(user)
    data = {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")}
    assert client.post(survey.url, data).status_code == expected


def _remind_url(survey):
    return survey.url + "resultats/relance/"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Post the confirmation and run what waits for the commit (the task, immediate here)."""

    def _send(client, survey):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(_remind_url(survey))

    return _send


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def people(make_user):
    return {
        "answered": make_user("agent", username="a.repondu"),
        "silent": make_user("agent", username="b.silence"),
        "other": make_user("agent", username="c.silence"),
        "no_email": make_user("agent", username="d.sansmail", email=""),
        "inactive": make_user("agent", username="e.parti", is_active=False),
        "partner": make_user("partner", username="f.partenaire"),
        "coordinator": make_user("coordinator", username="g.coordination"),
    }


def test_audience_minus_respondents_receive_one_mail_each(build_survey, people, client, send):
    survey = build_survey(QUESTIONS, audience="agents")
    _answer(survey, people["answered"])
    client.force_login(people["coordinator"])
    page = client.get(_remind_url(survey)).content.decode()
    # Agents b and c, and the coordinator (an internal role reads as an agent).
    assert "3 personnes n&#x27;ont pas encore répondu." in page
    assert '<form method="post">' in page

    response = send(client, survey)
    assert response.status_code == 302 and response["Location"].endswith("/resultats/")
    assert _recipients() == [
        "b.silence@example.org",
        "c.silence@example.org",
        "g.coordination@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == f"[Coopérer] Rappel : {survey.title}"
    assert f"Vous n'avez pas encore répondu au questionnaire « {survey.title} »." in message.body
    assert survey.full_url in message.body
    reminder = SurveyReminder.objects.get()
    assert (reminder.sent_by, reminder.recipient_count, reminder.sent_count) == (
        people["coordinator"],
        3,
        3,
    )
    assert reminder.sent_at is not None and not reminder.to_everyone

    # The record is on the results page; a second reminder is refused.
    results = client.get(survey.url + "resultats/").content.decode()
    assert "Rappel envoyé le" in results and "à 3 personnes." in results
    assert _remind_url(survey) not in results
    assert send(client, survey).status_code == 409
    assert len(mail.outbox) == 3 and SurveyReminder.objects.count() == 1
    page = client.get(_remind_url(survey)).content.decode()
    assert "Un seul rappel par questionnaire" in page and '<form method="post">' not in page


def test_partners_audience(build_survey, people, client, send):
    survey = build_survey(QUESTIONS, audience="partners", visible_to_partners=True)
    client.force_login(people["coordinator"])
    page = client.get(_remind_url(survey)).content.decode()
    assert "1 personne n&#x27;a pas encore répondu." in page
    send(client, survey)
    assert _recipients() == ["f.partenaire@example.org"]


def test_attendees_minus_respondents(build_survey, home_page, people, make_user, client, send):
    season = SeasonPageFactory(parent=SeasonIndexPageFactory(parent=home_page))
    module = ModulePageFactory(parent=season)
    past = timezone.now() - datetime.timedelta(days=2)
    session = ModuleSessionFactory(module=module, start=past)
    later = ModuleSessionFactory(module=module, start=past + datetime.timedelta(days=1))
    elsewhere = ModuleSessionFactory(module=ModulePageFactory(parent=season), start=past)
    Attendance.objects.create(session=session, user=people["answered"], present=True)
    Attendance.objects.create(session=session, user=people["silent"], present=True)
    Attendance.objects.create(session=later, user=people["silent"], present=True)
    Attendance.objects.create(session=session, user=people["other"], present=False)
    Attendance.objects.create(session=elsewhere, user=people["partner"], present=True)
    Attendance.objects.create(session=session, name="Sans compte", email="walk@example.org")
    survey = build_survey(QUESTIONS, evaluated_page=module, one_response_per_person=True)
    _answer(survey, people["answered"])

    client.force_login(people["coordinator"])
    page = client.get(_remind_url(survey)).content.decode()
    assert "1 personne n&#x27;a pas encore répondu." in page
    assert "personnes présentes aux séances du module" in page
    send(client, survey)
    # Present and silent: only b (absent c, another module's partner, no account: not asked).
    assert _recipients() == ["b.silence@example.org"]


def test_anonymous_one_response_survey_uses_the_participation_marker(
    build_survey, people, client, send
):
    survey = build_survey(QUESTIONS, audience="agents", anonymous=True)
    _answer(survey, people["answered"])
    client.force_login(people["coordinator"])
    send(client, survey)
    assert "a.repondu@example.org" not in _recipients()
    assert len(_recipients()) == 3
    assert "Vous n'avez pas encore répondu" in mail.outbox[0].body
    # The record says how many, never who: nothing links it to a response or a person.
    assert {f.name for f in SurveyReminder._meta.get_fields()} == {
        "id",
        "survey",
        "sent_by",
        "created_at",
        "recipient_count",
        "to_everyone",
        "sent_count",
        "sent_at",
    }


def test_anonymous_survey_without_marker_reminds_everyone_politely(
    build_survey, people, client, send
):
    survey = build_survey(
        QUESTIONS, audience="agents", anonymous=True, one_response_per_person=False
    )
    _answer(survey, people["answered"])
    client.force_login(people["coordinator"])
    page = client.get(_remind_url(survey)).content.decode()
    assert "ne garde pas qui a répondu" in page and "aux 4 personnes de son public" in page
    send(client, survey)
    assert "a.repondu@example.org" in _recipients() and len(_recipients()) == 4
    body = mail.outbox[0].body
    assert "nous ne savons pas qui a répondu" in body
    assert "Si vous avez déjà répondu, merci" in body
    assert SurveyReminder.objects.get().to_everyone


@pytest.mark.parametrize("kind", ["agent", "partner", "communication"])
def test_only_coordination_reminds(build_survey, client_as, kind, send):
    survey = build_survey(QUESTIONS, results_visibility="readers", visible_to_partners=True)
    client = client_as(kind)
    assert client.get(_remind_url(survey)).status_code == 403
    assert send(client, survey).status_code == 403
    assert not mail.outbox and not SurveyReminder.objects.exists()
    assert _remind_url(survey) not in client.get(survey.url + "resultats/").content.decode()


def test_closed_survey_or_nobody_left_is_refused(build_survey, people, client, send):
    closed = build_survey(QUESTIONS, closes_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(people["coordinator"])
    assert send(client, closed).status_code == 400
    assert "pas ouvert" in client.get(_remind_url(closed)).content.decode()
    everyone = build_survey(QUESTIONS, audience="partners", visible_to_partners=True)
    _answer(everyone, people["partner"])
    assert "Tout le monde a répondu" in client.get(_remind_url(everyone)).content.decode()
    assert send(client, everyone).status_code == 400
    assert not mail.outbox and not SurveyReminder.objects.exists()


def test_module_without_attendance_yet_has_nobody_to_remind(
    build_survey, home_page, people, client, send
):
    season = SeasonPageFactory(parent=SeasonIndexPageFactory(parent=home_page))
    module = ModulePageFactory(parent=season)
    ModuleSessionFactory(module=module)
    survey = build_survey(QUESTIONS, evaluated_page=module)
    client.force_login(people["coordinator"])
    page = client.get(_remind_url(survey)).content.decode()
    assert "aucune présence n&#x27;est encore notée" in page
    assert send(client, survey).status_code == 400
    assert not mail.outbox and not SurveyReminder.objects.exists()
