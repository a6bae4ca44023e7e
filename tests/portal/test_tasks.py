"""The task queue itself: the database backend's real worker, RQ on the machine's Redis."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import pytest
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks_db.models import DBTaskResult

from portal.factories import JobFactory
from portal.jobs import JobError, job_task, start_job
from portal.models import Job
from portal.tasks import check_worker

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@job_task
def refuse_file(job):
    raise JobError("Le fichier est vide.")


@job_task
def crash(job):
    raise ValueError("unexpected")


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_db_worker_runs_a_job_end_to_end(agent):
    job = start_job(check_worker, kind="check-worker", label="Vérification", user=agent)
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING  # enqueued, waiting for a worker
    task_result = DBTaskResult.objects.get()
    assert task_result.status == TaskResultStatus.READY
    assert str(task_result.id) == job.task_result_id

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    job.refresh_from_db()
    task_result.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.summary["base de données"] == "ok"
    assert job.summary["cache"] == "ok"
    assert (job.done, job.total) == (2, 2)
    assert task_result.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_db_worker_records_failures(agent, caplog):
    refused = start_job(refuse_file, kind="test", label="Import vide", user=agent)
    crashed = start_job(crash, kind="test", label="Import cassé", user=agent)

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.error) == (Job.Status.FAILED, "Le fichier est vide.")
    assert crashed.status == Job.Status.FAILED
    assert "erreur inattendue" in crashed.error
    # The unexpected failure is also a failed task result (listed for superusers) and logged.
    failed = DBTaskResult.objects.get(id=crashed.task_result_id)
    assert failed.status == TaskResultStatus.FAILED
    assert "unexpected" in failed.traceback
    assert DBTaskResult.objects.get(id=refused.task_result_id).status == "SUCCESSFUL"
    assert any("unexpected" in str(r.exc_info and r.exc_info[1]) for r in caplog.records)


@pytest.fixture
def redis_queue():
    """A dedicated RQ queue on the machine's Redis, emptied afterwards."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis ne répond pas sur 127.0.0.1:6379 : test du backend RQ ignoré")
    name = f"cooperer-test-{uuid.uuid4().hex[:8]}"
    settings = {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}},
        # Results are read through the "default" queue's connection (django-tasks-rq).
        "RQ_QUEUES": {queue: {"URL": url, "DEFAULT_TIMEOUT": 60} for queue in (name, "default")},
    }
    connection = redis.Redis.from_url(url)
    keys_before = set(connection.keys("*"))
    with override_settings(**settings):
        yield name
    # Remove what this test added (queue, job, results, worker keys); db 13 is this suite's.
    added = set(connection.keys("*")) - keys_before
    if added:
        connection.delete(*added)


@pytest.mark.django_db(transaction=True)
def test_rq_worker_runs_a_job_from_redis(agent, redis_queue):
    job = start_job(
        check_worker.using(queue_name=redis_queue), kind="check-worker", label="RQ", user=agent
    )
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING

    call_command("rqworker", redis_queue, "--burst", "--worker-class", "rq.worker.SimpleWorker")

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.summary["base de données"] == "ok"
    result = default_task_backend.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"job": str(job.pk), "status": "succeeded"}


# --- failed work, visible to superusers --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_superusers_see_failed_jobs_and_task_results(client, agent, make_user):
    crashed = start_job(crash, kind="contacts-import", label="Import cassé", user=agent)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    start_job(refuse_file, kind="test", label="En attente", user=agent)  # no worker: waits

    client.force_login(make_user("superuser"))
    response = client.get(reverse("portal_failed_tasks"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Import cassé" in html and crashed.get_absolute_url() in html
    assert "tests.portal.test_tasks.crash" in html
    assert "ValueError" in html
    assert "1 tâche attend un processus de traitement" in html

    client.force_login(make_user("coordinator"))
    assert client.get(reverse("portal_failed_tasks")).status_code in (302, 403)


# --- a worker killed in the middle of a job -----------------------------------------------------


@job_task
def wait_for_flag(job, flag_path):
    """Reports progress, then waits while ``flag_path`` exists (the test kills it meanwhile)."""
    job.set_progress(1, total=2, force=True)
    while Path(flag_path).exists():
        time.sleep(0.1)
    job.set_progress(2, force=True)
    return {"attente": "finie"}


HEARTBEATS = []


@job_task
def watch_heartbeat(job):
    """Waits (5 s at most) until the worker's heartbeat thread writes a newer heartbeat."""
    first = Job.objects.get(pk=job.pk).heartbeat_at
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        latest = Job.objects.get(pk=job.pk).heartbeat_at
        if latest > first:
            HEARTBEATS.append(latest)
            return
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_while_a_job_runs(agent, settings):
    settings.JOB_HEARTBEAT_INTERVAL = 0.05
    HEARTBEATS.clear()
    job = JobFactory(user=agent)
    watch_heartbeat.call(str(job.pk))
    assert HEARTBEATS, "no heartbeat written by the worker's heartbeat thread"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "sqlite" in os.environ.get("DATABASE_URL", "sqlite"),
    reason="un worker dans un autre processus a besoin d'une base partagée (PostgreSQL en CI)",
)
@override_settings(TASKS=DB_TASKS, JOB_STALE_AFTER=1)
def test_a_killed_worker_leaves_a_job_that_is_marked_failed_and_can_be_rerun(
    client, agent, tmp_path
):
    from django.db import connection

    flag = tmp_path / "hold"
    flag.touch()
    job = start_job(wait_for_flag, kind="test", label="Import long", user=agent, args=[str(flag)])
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DATABASE_URL": url}
    env["TASKS_BACKEND"] = "db"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Job.Status.RUNNING and job.done == 1:
                break
            time.sleep(0.2)
        assert (job.status, job.done) == (Job.Status.RUNNING, 1)
        worker.send_signal(signal.SIGKILL)  # no clean shutdown, no last write
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # nobody said otherwise…

    time.sleep(1.5)  # …until JOB_STALE_AFTER has passed without a heartbeat
    client.force_login(agent)
    page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interrompue" in job.error and "Relancer" in page

    flag.unlink()
    client.post(reverse("job_rerun", args=[job.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.summary == {"attente": "finie"}
    assert job.attempts == 2


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_wagtail_indexing_goes_through_the_worker(home_page):
    from wagtail.models import Page

    home_page.title = "Accueil des coopérations zygomatiques"
    home_page.save_revision().publish()
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "modelsearch.tasks.insert_or_update_object_task" in queued
    assert "wagtail.tasks.update_reference_index_task" in queued
    assert not Page.objects.live().search("zygomatiques")  # not indexed before the worker

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert list(Page.objects.live().search("zygomatiques")) == [home_page.page_ptr]
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
