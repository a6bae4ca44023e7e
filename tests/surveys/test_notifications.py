"""Coordination's notification e-mails are sent by the task worker, retried when SMTP fails."""

import smtplib
from decimal import Decimal
from unittest import mock

from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from surveys.models import QuestionKind, SurveyResponse
from surveys.submission import save_response
from surveys.tasks import notify_coordinators_task

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def request_form(build_survey, make_user):
    make_user("coordinator", username="coord", email="coord@example.org")
    survey = build_survey(
        questions=[
            {"kind": QuestionKind.SHORT_TEXT, "label": "Équipe", "max_length": 100},
            {"kind": QuestionKind.NUMBER, "label": "Participants", "min_value": 1},
            {"kind": QuestionKind.DATE, "label": "Date souhaitée"},
        ],
        notify_coordinators=True,
        title="Demander un atelier sur-mesure",
    )
    keys = [question.key for question in survey.questions.order_by("sort_order")]
    rows = [
        {"question_key": keys[0], "text": "Direction des sports"},
        {"question_key": keys[1], "number": Decimal("15")},
        {"question_key": keys[2], "date": timezone.localdate().replace(day=3)},
    ]
    return survey, rows


@override_settings(TASKS=DB_TASKS)
def test_the_respondent_does_not_wait_for_the_email(
    request_form, agent, mailoutbox, django_capture_on_commit_callbacks
):
    survey, rows = request_form
    with django_capture_on_commit_callbacks(execute=True):
        response, created = save_response(survey, agent, rows)
    assert created
    assert mailoutbox == []  # queued for the worker, not sent in the request
    queued = DBTaskResult.objects.get(task_path="surveys.tasks.notify_coordinators_task")
    assert queued.args_kwargs["args"] == [response.pk]

    notify_coordinators_task.call(response.pk)  # what the worker does

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == ["coord@example.org"]
    assert "Équipe : Direction des sports" in body
    assert "Participants : 15\n" in body
    assert "Date souhaitée : 03/" in body


@override_settings(TASKS=DB_TASKS)
def test_a_failing_mail_server_is_retried_later_then_recorded(request_form, agent, caplog):
    survey, rows = request_form
    response, _ = save_response(survey, agent, rows)
    with mock.patch("surveys.tasks.send_mail", side_effect=smtplib.SMTPConnectError(421, "")):
        notify_coordinators_task.call(response.pk)
        retry = DBTaskResult.objects.get(task_path="surveys.tasks.notify_coordinators_task")
        assert retry.args_kwargs == {"args": [response.pk], "kwargs": {"attempt": 2}}
        assert retry.run_after > timezone.now()  # in a minute, not at once
        with pytest.raises(smtplib.SMTPConnectError):  # the last attempt fails for good
            notify_coordinators_task.call(response.pk, attempt=4)
    notifications = DBTaskResult.objects.filter(task_path="surveys.tasks.notify_coordinators_task")
    assert notifications.count() == 1  # given up after the fourth attempt
    assert "retry queued" in caplog.text


def test_a_deleted_response_sends_nothing(request_form, agent, mailoutbox):
    survey, rows = request_form
    response, _ = save_response(survey, agent, rows)
    response_id = response.pk
    SurveyResponse.objects.filter(pk=response_id).delete()
    notify_coordinators_task.call(response_id)
    assert mailoutbox == []


def test_an_unreachable_queue_does_not_lose_the_response(
    request_form, agent, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    survey, rows = request_form
    with (
        mock.patch(
            "surveys.submission.notify_coordinators_task",
            mock.Mock(
                enqueue=mock.Mock(side_effect=ConnectionError("redis down")),
                module_path="surveys.tasks.notify_coordinators_task",
            ),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response, created = save_response(survey, agent, rows)
    assert created and SurveyResponse.objects.filter(pk=response.pk).exists()
    assert mailoutbox == []
    assert "could not be queued" in caplog.text
