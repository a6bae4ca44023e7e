"""Coordinators' export and import views in the Wagtail admin.

Each view checks its permission once, at the door (``experiences.export_<model>`` or
``experiences.import_<model>``, held by Coordination and by superusers).
"""

from functools import wraps
from itertools import islice

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages

from portal.access import require_coordination
from portal.exports import FORMATS, export_resource_response
from portal.jobs import Job, start_job

from .exports import network_export
from .import_jobs import confirm_import, preview_import, remove_expired_runs
from .importing import ImportFileError, check_header, import_fields
from .models import Contact, ImportRun, Organisation
from .reading import MAX_BYTES, check_size, iter_rows
from .resources import RESOURCES, export_what

MODELS = {"organisation": Organisation, "contact": Contact}


def permission_at_the_door(action):
    """Resolve ``model_name``, then the coordination door (portal.access), which also lets in
    whoever was granted ``experiences.<action>_<model>``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, model_name, *args, **kwargs):
            if model_name not in MODELS:
                raise Http404
            require_coordination(
                request.user,
                f"experiences.{action}_{model_name}",
                _("Seule l'équipe Coordination peut exporter ou importer ces données."),
            )
            return view(request, model_name, *args, **kwargs)

        return wrapped

    return decorator


@permission_at_the_door("export")
def export_view(request, model_name, fmt):
    if fmt not in FORMATS:
        raise Http404
    resource, queryset, filterset = network_export(model_name, request.GET)
    return export_resource_response(
        request,
        resource,
        queryset,
        fmt=fmt,
        what=export_what(model_name),
        filters=filterset.active_filters(),
        # Above EXPORT_INLINE_MAX_ROWS rows, a job rebuilds the same rows (portal.exports).
        source=("experiences.exports.network_rows", [model_name, dict(request.GET.lists())]),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV, XLSX ou ODS"),
        help_text=gettext_lazy(
            "Première ligne : les titres des colonnes. CSV séparé par des points-virgules ou "
            "des virgules, en UTF-8 ou Windows-1252 ; ou classeur XLSX ou ODS (première "
            "feuille). 20 Mo et 50 000 lignes au plus."
        ),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier CSV, XLSX ou ODS."),
            "empty": gettext_lazy("Le fichier est vide."),
        },
    )
    create_organisations = forms.BooleanField(
        label=gettext_lazy("Créer les organisations manquantes"),
        help_text=gettext_lazy(
            "Une organisation inconnue est alors créée (son nom seulement, type « autre ») "
            "dans le même import ; sinon sa ligne est signalée comme invalide."
        ),
        required=False,
    )


def _index_url(model_name):
    return reverse(f"experiences_{model_name}_modeladmin_index")


def _context(request, model_name, **extra):
    model = MODELS[model_name]
    resource = RESOURCES[model_name]()
    return {
        "model_name": model_name,
        "verbose_name_plural": model._meta.verbose_name_plural,
        "columns": [field.column_name for field in import_fields(resource)],
        "required_columns": resource.required_columns,
        "index_url": _index_url(model_name),
        "upload_url": reverse("experiences_import", args=[model_name]),
        **extra,
    }


def check_upload(uploaded, model_name):
    """The checks made at once, in the request: size, type, encoding, header. Returns bytes.

    Only the first two rows are read here (the header and one row of data); the whole file is
    read by the preview job.
    """
    check_size(uploaded.size)  # before reading anything
    raw = uploaded.read(MAX_BYTES + 1)
    # refuses binary, empty, badly encoded and unreadable files…
    head = list(islice(iter_rows(raw, uploaded.name), 2))
    if not head:
        raise ImportFileError(_("Le fichier est vide."))
    check_header(head[0], RESOURCES[model_name]())  # …a header without the required columns…
    if len(head) < 2:  # …and a header alone
        raise ImportFileError(_("Le fichier ne contient que la ligne des titres, aucune donnée."))
    return raw


@permission_at_the_door("import")
def import_view(request, model_name):
    """Upload a file: checked at once, then the preview is built by a background job."""
    template = "experiences/admin/import.html"
    if request.method != "POST":
        return TemplateResponse(request, template, _context(request, model_name, form=ImportForm()))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(
            request, template, _context(request, model_name, form=form), status=400
        )
    uploaded = form.cleaned_data["file"]
    try:
        raw = check_upload(uploaded, model_name)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return TemplateResponse(
            request, template, _context(request, model_name, form=form), status=400
        )
    remove_expired_runs()
    run = ImportRun.objects.create(
        user=request.user,
        model_name=model_name,
        filename=uploaded.name[:255],
        content=raw,
        create_organisations=model_name == "contact" and form.cleaned_data["create_organisations"],
    )
    run.preview_job = start_job(
        preview_import,
        kind=f"{model_name}-import-preview",
        label=_("Aperçu de l'import « %(file)s »") % {"file": uploaded.name[:200]},
        user=request.user,
        args=[str(run.pk)],
        result_url=run.get_absolute_url(),
    )
    run.save(update_fields=["preview_job"])
    return redirect(run)


def _own_run(request, model_name, run_id):
    """The import if the coordinator who uploaded it asks for it; 404 for anyone else."""
    run = (
        ImportRun.objects.filter(pk=run_id, model_name=model_name, user=request.user)
        .select_related("preview_job", "confirm_job")
        .defer("content")
        .first()
    )
    if run is None:
        raise Http404
    for job in (run.preview_job, run.confirm_job):
        if job is not None and job.is_stale and Job.objects.filter(pk=job.pk).mark_stale():
            job.refresh_from_db()
    return run


PREVIEW_PAGE_SIZE = 50


@permission_at_the_door("import")
def import_run_view(request, model_name, run_id):
    """The preview (counts, invalid rows, changes, paginated) or the confirmation's progress."""
    run = _own_run(request, model_name, run_id)
    preview = run.preview or {}
    lines = preview.get("lines", [])
    page = Paginator(lines, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    confirm_job = run.confirm_job
    preview_job = run.preview_job
    counts = preview.get("counts", {})
    can_confirm = (
        bool(preview)
        and not counts.get("invalid")
        and (confirm_job is None or confirm_job.status == Job.Status.FAILED)
        and preview_job is not None
        and preview_job.status == Job.Status.SUCCEEDED
    )
    job = confirm_job or preview_job
    return TemplateResponse(
        request,
        "experiences/admin/import_preview.html",
        _context(
            request,
            model_name,
            run=run,
            job=job,
            preview=preview,
            counts=counts,
            page=page,
            lines=page.object_list,
            ignored=preview.get("ignored", []),
            new_organisations=preview.get("new_organisations", []),
            can_confirm=can_confirm,
            done=confirm_job is not None and confirm_job.status == Job.Status.SUCCEEDED,
            confirm_url=reverse("experiences_import_confirm", args=[model_name, run.pk]),
        ),
    )


@permission_at_the_door("import")
def import_confirm_view(request, model_name, run_id):
    """Start the job that writes the previewed rows, all or none."""
    run = _own_run(request, model_name, run_id)
    if request.method != "POST":
        return redirect(run)
    counts = (run.preview or {}).get("counts", {})
    ready = (
        run.preview_job is not None
        and run.preview_job.status == Job.Status.SUCCEEDED
        and not counts.get("invalid")
        and (run.confirm_job is None or run.confirm_job.status == Job.Status.FAILED)
    )
    if not ready:
        messages.error(request, _("Cet import ne peut pas être confirmé dans son état actuel."))
        return redirect(run)
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().defer("content").get(pk=run.pk)
        if locked.confirm_job_id != (run.confirm_job.pk if run.confirm_job else None):
            return redirect(run)  # confirmed twice (double click): one job only
        locked.confirm_job = start_job(
            confirm_import,
            kind=f"{model_name}-import",
            label=_("Import de « %(file)s »") % {"file": run.filename[:200]},
            user=request.user,
            args=[str(run.pk)],
            total=(run.preview or {}).get("rows"),
            result_url=run.get_absolute_url(),
        )
        locked.status = ImportRun.Status.CONFIRMING
        locked.save(update_fields=["confirm_job", "status"])
    return redirect(run)
