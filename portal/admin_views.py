"""Wagtail admin pages of the portal itself: the failed background work (superusers)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import Job

FAILED_LIMIT = 100


def failed_tasks(request):
    """Failed jobs and failed task results, and what is waiting for a worker."""
    if not request.user.is_superuser:
        raise PermissionDenied
    Job.objects.mark_stale()
    uses_database_queue = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")
    context = {
        "failed_jobs": Job.objects.filter(status=Job.Status.FAILED)
        .select_related("user")
        .order_by("-finished_at")[:FAILED_LIMIT],
        "uses_database_queue": uses_database_queue,
    }
    if uses_database_queue:
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        context.update(
            failed_results=DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by(
                "-finished_at"
            )[:FAILED_LIMIT],
            waiting_count=waiting.count(),
            oldest_waiting=waiting.order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first(),
        )
    return render(request, "portal/admin/failed_tasks.html", context)
