"""Responses exports above EXPORT_INLINE_MAX_ROWS rows: written by a job, the request's file."""

import datetime
import os

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest

from portal.models import Job
from surveys.factories import bulk_responses
from tests.portal.test_export_jobs import body, parsed

from .test_exports import QUESTIONS, _answered, _url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("query", ["", "?date_from={since}"])
def test_a_big_responses_export_is_the_file_the_request_would_send(
    settings, client_as, build_survey, fmt, query, django_capture_on_commit_callbacks
):
    survey = _answered(client_as, build_survey)  # identified: names and e-mails exported
    bulk_responses(
        survey,
        [{"Utile ?": "Non", "Thèmes": ["B"], "Combien ?": 3}] * 6,
        start=timezone.now(),
        step=datetime.timedelta(days=1),
    )
    since = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    url = _url(survey, fmt) + query.format(since=since)
    client = client_as("coordinator")
    inline = client.get(url)
    assert inline.status_code == 200
    expected = parsed(fmt, body(inline))
    rows = len(expected) - (fmt != "json")  # the header row is not counted
    assert rows == (7 if not query else 5)
    settings.EXPORT_INLINE_MAX_ROWS = rows - 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.label == f"Export : Réponses – {survey.title} ({fmt.upper()})"
    assert "Télécharger le fichier" in client.get(response.url).content.decode()
    download = client.get(job.result_url)
    assert download.status_code == 200
    assert parsed(fmt, body(download)) == expected


def test_below_the_threshold_the_request_sends_the_file(settings, client_as, build_survey):
    survey = _answered(client_as, build_survey)
    settings.EXPORT_INLINE_MAX_ROWS = 1
    response = client_as("coordinator").get(_url(survey, "csv"))
    assert response.status_code == 200
    assert len(parsed("csv", body(response))) == 2
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "sqlite" in os.environ.get("DATABASE_URL", "sqlite"),
    reason="le worker de la base de données est exercé sur PostgreSQL (comme en CI)",
)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_the_worker_writes_the_file_outside_the_request(settings, client_as, build_survey):
    """The real queue: the request only queues; the worker, outside any transaction, reads the
    responses (PostgreSQL's read-ahead cursor) and writes the file."""
    survey = build_survey(QUESTIONS, one_response_per_person=False)
    bulk_responses(survey, [{"Utile ?": "Oui", "Thèmes": ["A", "C"], "Combien ?": 2}] * 30)
    client = client_as("coordinator")
    expected = parsed("xlsx", body(client.get(_url(survey, "xlsx"))))
    settings.EXPORT_INLINE_MAX_ROWS = 10

    response = client.get(_url(survey, "xlsx"))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    assert "En attente" in client.get(response.url).content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.done, job.total) == (30, 30)
    assert parsed("xlsx", body(client.get(job.result_url))) == expected
