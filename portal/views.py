import posixpath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.static import serve as static_serve

from wagtail.images import get_image_model
from wagtail.models import Site

from portal.access import may_read_file
from portal.exports import EXPORT_JOB_KIND, FORMATS, export_file_name, remove_expired_exports
from portal.jobs import rerun_job
from portal.models import Job, PortalSettings


@login_not_required
@never_cache
def healthz(request):
    """Load balancers' probe: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# What /media/ serves: Wagtail's images, their renditions and the admin avatars. Everything else
# under MEDIA_ROOT stays private: documents go through Wagtail's serve view (collection privacy),
# import files and exports are read by their own views only.
PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/", "avatar_images/")


def _image_behind(path):
    """The image an /media/ path shows (an original or one of its renditions), or None for an
    avatar; 404 when no image owns the file."""
    if path.startswith("avatar_images/"):
        return None
    image_model = get_image_model()
    if path.startswith("original_images/"):
        image = image_model.objects.filter(file=path).first()
    else:
        rendition = (
            image_model.get_rendition_model()
            .objects.filter(file=path)
            .select_related("image")
            .first()
        )
        image = rendition.image if rendition else None
    if image is None:
        raise Http404
    return image


def serve_media(request, path):
    """Uploaded images for signed-in users (SERVE_MEDIA, one machine; see README), under the
    same rule as documents: an image is served to whoever may read a live page that uses it,
    or may manage images (portal.access.may_read_file). Admin avatars go to every signed-in
    user of the admin's listings."""
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or "\\" in path:
        raise Http404
    image = _image_behind(path)
    if image is not None and not may_read_file(request.user, image):
        raise PermissionDenied(_("Cette image n'est pas ouverte à votre compte."))
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    # Renditions never change under one name; the reader's browser only (behind the login).
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">."""
    return redirect(static("portal/img/favicon.svg"), permanent=True)


def accessibility_statement(request):
    """The footer's link: the page editors chose in the settings, or the built-in statement."""
    site = Site.find_for_request(request)
    page = PortalSettings.for_site(site).accessibility_page if site else None
    if page is not None and page.live:
        return redirect(page.url)
    return render(request, "portal/accessibility_statement.html")


# --- jobs: long work run by the task worker (portal/jobs.py) -----------------------------------

JOB_LIST_LIMIT = 50


def _visible_job(request, job_id):
    """The job if the user may see it (owner or superuser), 404 otherwise; stale jobs fail."""
    jobs = Job.objects.for_user(request.user).select_related("user")
    job = get_object_or_404(jobs, pk=job_id)
    if job.is_stale and Job.objects.filter(pk=job.pk).mark_stale():
        job.refresh_from_db()
    return job


@never_cache
def job_list(request):
    jobs = Job.objects.for_user(request.user).select_related("user")
    recent = list(jobs[:JOB_LIST_LIMIT])
    if any(job.is_stale for job in recent) and jobs.mark_stale():
        recent = list(jobs[:JOB_LIST_LIMIT])
    return render(request, "portal/jobs/job_list.html", {"jobs": recent})


@never_cache
def job_detail(request, job_id):
    job = _visible_job(request, job_id)
    return render(request, "portal/jobs/job_detail.html", {"job": job})


@never_cache
def job_state(request, job_id):
    """The job's state as JSON, polled by portal/js/jobs.js; ``html`` is the status block."""
    job = _visible_job(request, job_id)
    html = render_to_string("portal/jobs/job_status.html", {"job": job}, request=request)
    return JsonResponse(
        {
            "id": str(job.pk),
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": job.is_finished,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.status_message(),
            "error": job.error,
            "summary": job.summary,
            "result_url": job.result_url,
            "html": html,
        }
    )


@require_POST
def job_rerun(request, job_id):
    job = _visible_job(request, job_id)
    if not job.can_rerun(request.user):
        messages.error(
            request, _("Seule une tâche en échec peut être relancée, par qui l'a lancée.")
        )
    elif rerun_job(job):
        messages.success(request, _("La tâche « %(label)s » est relancée.") % {"label": job.label})
    return redirect(job)


def job_file(request, job_id):
    """The file an export job wrote, as an attachment, to the user who started it only (404 for
    anyone else, superusers included: it holds personal data), until it expires."""
    remove_expired_exports()
    job = get_object_or_404(
        Job,
        pk=job_id,
        kind=EXPORT_JOB_KIND,
        status=Job.Status.SUCCEEDED,
        user=request.user,
    )
    if not job.result_url:
        raise Http404
    try:
        handle = default_storage.open(export_file_name(job), "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.kwargs["filename"],
        content_type=FORMATS[job.kwargs["fmt"]],
    )
    response["Cache-Control"] = "private, no-store"
    return response
