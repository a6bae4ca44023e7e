"""Jobs: long work run by the task worker, its status pages and its failures (portal/jobs.py)."""

import logging
from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.factories import JobFactory
from portal.jobs import JobError, job_task, start_job
from portal.models import ExportLog, Job

pytestmark = pytest.mark.django_db


@job_task
def count_rows(job, rows, result_url=""):
    """Counts ``rows`` with progress, then writes one log line per row in one short phase."""
    job.set_progress(0, total=rows)
    for index in range(1, rows + 1):
        job.set_progress(index)
    job.result_url = result_url
    ExportLog.objects.bulk_create(
        ExportLog(what=f"ligne {index}", format="csv", row_count=1) for index in range(rows)
    )
    return {"lignes importées": rows}


@job_task
def write_then_refuse(job, rows):
    """Writes rows, then refuses the file: nothing it wrote must remain."""
    ExportLog.objects.create(what="avant l'erreur", format="csv", row_count=rows)
    raise JobError("La colonne « Courriel » manque dans le fichier.")


@job_task(atomic=True)
def write_then_crash(job):
    ExportLog.objects.create(what="avant le plantage", format="csv", row_count=1)
    raise RuntimeError("disk on fire")


def run_job(task, django_capture_on_commit_callbacks, user=None, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(task, kind="test", label="Import de contacts", user=user, **kwargs)
    job.refresh_from_db()
    return job


def test_a_job_runs_with_progress_and_summary(agent, django_capture_on_commit_callbacks):
    job = run_job(
        count_rows,
        django_capture_on_commit_callbacks,
        user=agent,
        args=[3],
        kwargs={"result_url": "/contacts/apercu/7/"},
    )
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.summary == {"lignes importées": 3}
    assert job.result_url == "/contacts/apercu/7/"
    assert job.user == agent
    assert job.started_at and job.finished_at and job.heartbeat_at
    assert job.task_result_id
    assert job.attempts == 1
    assert ExportLog.objects.count() == 3


def test_start_job_enqueues_only_on_commit(agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(count_rows, kind="test", label="Import", user=agent, args=[2])
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert len(callbacks) == 1
    assert job.task_path == "tests.portal.test_jobs.count_rows"
    assert job.args == [2]


def test_job_error_fails_with_its_french_message_and_writes_nothing(
    agent, django_capture_on_commit_callbacks
):
    job = run_job(write_then_refuse, django_capture_on_commit_callbacks, user=agent, args=[5])
    assert job.status == Job.Status.FAILED
    assert job.error == "La colonne « Courriel » manque dans le fichier."
    assert job.finished_at is not None
    assert not ExportLog.objects.exists()


def test_unexpected_error_is_logged_and_fails_with_a_generic_message(
    agent, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="portal.jobs"):
        job = run_job(write_then_crash, django_capture_on_commit_callbacks, user=agent)
    assert job.status == Job.Status.FAILED
    assert "erreur inattendue" in job.error
    assert "disk on fire" not in job.error
    assert not ExportLog.objects.exists()
    record = next(r for r in caplog.records if r.name == "portal.jobs")
    assert record.exc_info and "disk on fire" in str(record.exc_info[1])


def test_a_job_that_is_not_pending_is_not_run_twice(agent):
    job = JobFactory(user=agent, status=Job.Status.SUCCEEDED)
    assert count_rows.call(str(job.pk), 2) is None
    assert not ExportLog.objects.exists()


def test_set_progress_is_visible_and_throttled(agent):
    job = JobFactory(user=agent, status=Job.Status.RUNNING)
    job.set_progress(10, total=100)
    job.set_progress(11)  # within the same second: kept in memory only
    job.refresh_from_db()
    assert (job.done, job.total) == (10, 100)
    job.set_progress(12, force=True)
    job.refresh_from_db()
    assert job.done == 12
    assert job.heartbeat_at is not None


# --- stale jobs -----------------------------------------------------------------------------


def stale_job(user, **kwargs):
    old = timezone.now() - timedelta(hours=1)
    return JobFactory(
        user=user,
        status=Job.Status.RUNNING,
        started_at=old,
        heartbeat_at=old,
        task_path="tests.portal.test_jobs.count_rows",
        args=[2],
        **kwargs,
    )


def test_reading_a_stale_job_marks_it_interrupted(client, agent):
    job = stale_job(agent)
    fresh = JobFactory(user=agent, status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    client.force_login(agent)
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interrompue" in job.error
    assert "interrompue" in response.content.decode()
    assert fresh.status == Job.Status.RUNNING


def test_mark_stale_jobs_command(agent):
    job = stale_job(agent)
    call_command("mark_stale_jobs")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_owner_reruns_a_failed_job(client, agent, django_capture_on_commit_callbacks):
    job = stale_job(agent)
    Job.objects.mark_stale()
    client.force_login(agent)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Relancer" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_rerun", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.error == ""
    assert job.summary == {"lignes importées": 2}
    assert job.attempts == 1


def test_only_failed_jobs_are_rerun(client, agent):
    job = JobFactory(user=agent, status=Job.Status.SUCCEEDED)
    client.force_login(agent)
    response = client.post(reverse("job_rerun", args=[job.pk]), follow=True)
    assert "Seule une tâche en échec peut être relancée" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED


def test_rerun_needs_post(client, agent):
    job = stale_job(agent)
    client.force_login(agent)
    assert client.get(reverse("job_rerun", args=[job.pk])).status_code == 405


# --- pages ----------------------------------------------------------------------------------


def test_status_page_while_running(client, agent):
    job = JobFactory(
        user=agent, status=Job.Status.RUNNING, done=2500, total=10000, heartbeat_at=timezone.now()
    )
    client.force_login(agent)
    response = client.get(job.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert '<progress id="job-progress-' in html and 'max="100" value="25"' in html
    assert "2500 sur 10000 éléments (25 %)" in html
    assert "En cours" in html
    # Reloads itself without JavaScript, can be stopped; live updates with a static script.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "?actualiser=non" in html
    assert 'aria-live="polite"' in html
    assert reverse("job_state", args=[job.pk]) in html
    assert "portal/js/jobs" in html
    assert "<script>" not in html  # no inline script (CSP)

    stopped = client.get(job.get_absolute_url() + "?actualiser=non").content.decode()
    assert 'http-equiv="refresh"' not in stopped
    assert "Actualiser l'état de la tâche" in stopped.replace("&#x27;", "'")


def test_status_page_when_finished(client, agent):
    job = JobFactory(
        user=agent,
        status=Job.Status.SUCCEEDED,
        done=3,
        total=3,
        summary={"lignes importées": 3},
        result_url="/contacts/apercu/7/",
        finished_at=timezone.now(),
    )
    client.force_login(agent)
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "Terminée" in html
    assert "Lignes importées" in html
    assert 'href="/contacts/apercu/7/"' in html
    assert "Relancer" not in html


def test_state_json(client, agent):
    job = JobFactory(user=agent, status=Job.Status.RUNNING, done=1, total=4)
    client.force_login(agent)
    data = client.get(reverse("job_state", args=[job.pk])).json()
    assert data["status"] == "running"
    assert data["status_label"] == "En cours"
    assert data["percent"] == 25
    assert data["finished"] is False
    assert data["message"] == f"« {job.label} » en cours : 1 élément traité sur 4."
    assert "<progress" in data["html"]


def test_other_users_get_404_superusers_see_all(client, agent, make_user):
    job = JobFactory(user=agent)
    client.force_login(make_user("agent"))
    for name in ("job_detail", "job_state", "job_rerun"):
        method = client.post if name == "job_rerun" else client.get
        assert method(reverse(name, args=[job.pk])).status_code == 404
    client.force_login(make_user("superuser"))
    assert client.get(job.get_absolute_url()).status_code == 200


def test_anonymous_users_are_sent_to_login(client):
    job = JobFactory()
    response = client.get(job.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_job_list_shows_own_recent_jobs(client, agent, make_user, django_assert_max_num_queries):
    mine = JobFactory.create_batch(3, user=agent)
    other = JobFactory(user=make_user("agent"), label="Export d'un autre")
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("job_list")).content.decode()
    for job in mine:
        assert job.get_absolute_url() in html
    assert other.get_absolute_url() not in html

    client.force_login(make_user("superuser"))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("job_list")).content.decode()
    assert other.get_absolute_url() in html
    assert all(job.get_absolute_url() in html for job in mine)


def test_staff_find_their_jobs_from_the_header(client_as, home_page):
    link = f'<a href="{reverse("job_list")}">Mes tâches</a>'
    assert link in client_as("coordinator").get(home_page.url).content.decode()
    assert link not in client_as("agent").get(home_page.url).content.decode()


def test_listing_marks_stale_jobs(client, agent):
    job = stale_job(agent)
    client.force_login(agent)
    html = client.get(reverse("job_list")).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "En échec" in html


def test_an_unreachable_queue_fails_the_job_without_a_500(
    client, agent, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch(
            "django_tasks.backends.immediate.ImmediateBackend.enqueue",
            side_effect=ConnectionError("redis down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = start_job(count_rows, kind="test", label="Import", user=agent, args=[1])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "momentanément injoignable" in job.error
    assert "could not be queued" in caplog.text
    client.force_login(agent)
    assert "Relancer" in client.get(job.get_absolute_url()).content.decode()
