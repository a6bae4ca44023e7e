"""The portal's own tasks: a worker self-check used by the CI smoke test and operators."""

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from portal.jobs import job_task


@job_task
def check_worker(job):
    """Prove a worker runs tasks end to end: it reads the database and writes the cache."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    job.set_progress(1, total=2, force=True)
    key = f"portal:check-worker:{job.pk}"
    cache.set(key, "ok", 60)
    cache_ok = cache.get(key) == "ok"
    cache.delete(key)
    job.set_progress(2, force=True)
    return {
        "base de données": "ok",
        "cache": "ok" if cache_ok else "injoignable",
        "vérifiée le": timezone.localtime().strftime("%d/%m/%Y %H:%M:%S"),
    }
