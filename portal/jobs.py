"""Long work run by the task worker, with a status page: the one facility for it.

An app declares its long work as a job task and starts it from a view::

    from portal.jobs import JobError, job_task, start_job

    @job_task
    def build_preview(job, upload_id):
        rows = read_rows(upload_id)
        job.set_progress(0, total=len(rows))
        for index, row in enumerate(rows, start=1):
            validate(row)                      # raise JobError("…") for a user-facing failure
            job.set_progress(index)
        job.result_url = reverse("…", args=[upload_id])
        return {"lignes": len(rows)}           # merged into job.summary

    def upload_view(request):
        job = start_job(build_preview, kind="contacts-import", label=_("Import de contacts"),
                        user=request.user, args=[upload.pk])
        return redirect(job)                   # /taches/<id>/ shows the progress

``start_job`` writes a ``portal.models.Job`` row and enqueues the task (on the configured
django-tasks backend: ``db_worker`` or RQ, see settings ``TASKS``) once the current transaction
commits, so the worker always finds the row. The task receives the ``Job`` itself.

Outcomes
    * the function returns (a dict or None): the job is « Terminée », the dict is merged into
      ``job.summary`` and ``job.result_url`` is saved;
    * it raises ``JobError("message en français")``: the job is « En échec » with that message
      for the user (nothing logged as an error: it is an expected outcome, such as a bad file);
    * it raises anything else: the traceback is logged, the job is « En échec » with a generic
      French message, and the exception propagates so the task result is recorded as failed
      too (superusers see both in the admin, « Tâches en échec »).

Progress and transactions
    ``job.set_progress(done, total=None)`` writes at most about once a second and bumps the
    heartbeat. A write is visible to the status page only once committed: progress written
    while the task holds one big transaction stays invisible until the end (PostgreSQL), and
    on SQLite that transaction also holds the database's single write lock. So:

    * validate and compute outside any transaction, reporting progress as you go;
    * then write everything in one short ``with transaction.atomic():`` bulk phase (for
      instance ``bulk_create``/``bulk_update``), so a failure writes nothing;
    * or pass ``@job_task(atomic=True)`` to run the whole function in one transaction (simple
      and safe for short work; its progress is then only seen at the end).

    When the task runs inside an outer transaction (the ImmediateBackend of the test settings
    within a test), the function runs in a savepoint, so a failure still writes nothing.

Interrupted workers
    While the function runs, a background thread writes a heartbeat every
    ``JOB_HEARTBEAT_INTERVAL`` seconds. A running job without a heartbeat for
    ``JOB_STALE_AFTER`` seconds (its worker was killed) is marked « En échec » with a message
    saying it was interrupted: whenever jobs are read and by ``manage.py mark_stale_jobs``.
    Its owner can then re-run it (« Relancer », same arguments, same job page).
"""

import functools
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from django_tasks import task

from portal.models import Job

logger = logging.getLogger(__name__)

__all__ = [
    "Job",
    "JobError",
    "enqueue_after_commit",
    "job_task",
    "rerun_job",
    "retry_later",
    "start_job",
]


class JobError(Exception):
    """A failure the user should read (in French), e.g. « Le fichier est vide. »."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def start_job(task, *, kind, label, user, args=(), kwargs=None, total=None, result_url=""):
    """Create a job row and enqueue ``task`` (a ``@job_task``) for it on commit."""
    job = Job.objects.create(
        kind=kind,
        label=str(label),
        user=user if user is not None and user.is_authenticated else None,
        total=total,
        result_url=result_url,
        task_path=task.module_path,
        args=list(args),
        kwargs=dict(kwargs or {}),
    )
    _enqueue_on_commit(task, job)
    return job


def rerun_job(job):
    """Put a failed job back in the queue with the same arguments; False if it was not failed."""
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.PENDING,
        done=0,
        summary={},
        error="",
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
    )
    if not updated:
        return False
    job.refresh_from_db()
    _enqueue_on_commit(import_string(job.task_path), job)
    return True


def _enqueue_on_commit(task, job):
    def enqueue():
        try:
            result = task.enqueue(str(job.pk), *job.args, **job.kwargs)
        except Exception:  # the queue itself is unreachable (Redis down, database error)
            logger.exception("Job %s could not be queued", job.pk)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED, error=str(Job.QUEUE_ERROR), finished_at=timezone.now()
            )
            return
        # The immediate backend has already run the task: keep its writes, add the id.
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    transaction.on_commit(enqueue, robust=False)


class _Heartbeat:
    """Writes the job's heartbeat every JOB_HEARTBEAT_INTERVAL seconds from a thread."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"job-heartbeat-{job_id}")
        self.thread.daemon = True

    def run(self):
        try:
            while not self.stop_event.wait(settings.JOB_HEARTBEAT_INTERVAL):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a locked SQLite file: try again at the next beat
                    logger.warning("Heartbeat of job %s not written", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop_event.set()
        self.thread.join(timeout=5)


def job_task(function=None, *, atomic=False, **task_options):
    """Make ``function(job, *args, **kwargs)`` a django-tasks task that reports on its job.

    ``task_options`` go to django-tasks' ``@task`` (``priority``, ``queue_name``, ``backend``).
    """

    def decorator(func):
        @functools.wraps(func)
        def run(job_id, *args, **kwargs):
            started = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
                status=Job.Status.RUNNING,
                started_at=timezone.now(),
                heartbeat_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
            if not started:
                logger.warning("Job %s is not waiting to run (missing or already run)", job_id)
                return None
            job = Job.objects.get(pk=job_id)
            try:
                with _Heartbeat(job_id):
                    if atomic or connection.in_atomic_block:
                        with transaction.atomic():
                            returned = func(job, *args, **kwargs)
                    else:
                        returned = func(job, *args, **kwargs)
            except JobError as error:
                logger.info("Job %s (%s) failed: %s", job_id, job.kind, error.message)
                _finish(job, Job.Status.FAILED, error=error.message)
                return {"job": str(job_id), "status": Job.Status.FAILED}
            except Exception:
                logger.exception("Job %s (%s) failed with an unexpected error", job_id, job.kind)
                _finish(job, Job.Status.FAILED, error=str(Job.GENERIC_ERROR))
                raise
            summary = dict(job.summary)
            if isinstance(returned, dict):
                summary.update(returned)
            _finish(job, Job.Status.SUCCEEDED, summary=summary)
            return {"job": str(job_id), "status": Job.Status.SUCCEEDED}

        return task(**task_options)(run)

    if function is not None:
        return decorator(function)
    return decorator


def _finish(job, status, *, error="", summary=None):
    values = {
        "status": status,
        "error": error,
        "finished_at": timezone.now(),
        "heartbeat_at": timezone.now(),
        "result_url": job.result_url,
    }
    if status == Job.Status.SUCCEEDED:
        values["done"] = job.total if job.total is not None else job.done
    else:
        values["done"] = job.done
    if summary is not None:
        values["summary"] = summary
    values["total"] = job.total
    Job.objects.filter(pk=job.pk).update(**values)


def enqueue_after_commit(task, *args, **kwargs):
    """Enqueue a plain task once the current transaction commits, never failing the request.

    For work whose row is already committed (a notification about a saved response): if the
    queue is unreachable, the failure is logged for the operators and the user's action stands.
    """

    def enqueue():
        try:
            task.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Task %s could not be queued", task.module_path)

    transaction.on_commit(enqueue, robust=False)


def retry_later(task, *args, attempt, max_attempts=4, **kwargs):
    """Enqueue ``task`` again after a growing delay (1, 2, 4… minutes); False when given up.

    For tasks that are safe to repeat after a transient failure (an SMTP server that does not
    answer): the task takes an ``attempt`` keyword and calls this from its ``except`` clause,
    then re-raises when it returns False so the last failure is recorded and logged.
    """
    if attempt >= max_attempts:
        return False
    backend = task.get_backend()
    if backend.supports_defer:
        delay = timedelta(minutes=2 ** (attempt - 1))
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args, attempt=attempt + 1, **kwargs)
    logger.warning("Task %s: attempt %s failed, retry queued", task.module_path, attempt)
    return True
