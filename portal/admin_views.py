"""Wagtail admin pages of the portal itself: failed background work, locked sign-ins."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.access import coordination_required
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


def locked_attempts():
    """Username and address pairs refused right now by django-axes (see AXES_* settings)."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts.order_by("-attempt_time")


@require_http_methods(["GET", "POST"])
@coordination_required
def locked_sign_ins(request):
    """Coordination and superusers see the blocked sign-ins and unblock one (POST)."""
    if request.method == "POST":
        attempt_id = request.POST.get("attempt", "")
        attempt = (
            locked_attempts().filter(pk=int(attempt_id)).first()
            if attempt_id.isascii() and attempt_id.isdigit() and len(attempt_id) < 19
            else None
        )
        if attempt is None:
            messages.error(request, _("Ce blocage n'existe plus : rien à débloquer."))
        else:
            axes_reset(ip=attempt.ip_address, username=attempt.username)
            messages.success(
                request,
                _("Connexion débloquée pour « %(username)s » depuis %(ip)s.")
                % {"username": attempt.username, "ip": attempt.ip_address},
            )
        return redirect("portal_locked_sign_ins")
    return render(
        request,
        "portal/admin/locked_sign_ins.html",
        {"attempts": locked_attempts()[:FAILED_LIMIT], "cool_off": settings.AXES_COOLOFF_TIME},
    )
