import time

from django.core.management.base import BaseCommand, CommandError

from portal.jobs import start_job
from portal.models import Job
from portal.tasks import check_worker


class Command(BaseCommand):
    help = (
        "Lance une tâche de vérification et attend qu'un processus de traitement (db_worker "
        "ou rqworker) l'exécute : code de sortie 0 si elle aboutit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60, help="attente maximale (s)")

    def handle(self, *args, timeout, **options):
        job = start_job(
            check_worker, kind="check-worker", label="Vérification du worker", user=None
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(
                f"La tâche de vérification {job.pk} n'a pas abouti ({job.get_status_display()}) "
                f"{job.error}".strip()
            )
        self.stdout.write(f"Worker opérationnel : tâche {job.pk} terminée, {job.summary}.")
