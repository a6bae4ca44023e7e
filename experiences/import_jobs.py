"""The two background jobs of an import (``portal.jobs``): build the preview, then confirm.

The upload request only checks the file's type, size, encoding and header, stores it in an
:class:`~experiences.models.ImportRun` and starts :func:`preview_import`; the coordinator's
« Confirmer » starts :func:`confirm_import`, which reads the same stored file again, compares it
with the database as it is *now*, and writes every row or none.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.jobs import JobError, job_task

from .importing import ImportFileError, plan_import, read_table, write_plan
from .models import ImportRun
from .resources import RESOURCES

# How many detailed lines (invalid rows, then updated rows) the preview keeps.
PREVIEW_LINES = 5_000


def make_resource(run):
    resource_class = RESOURCES[run.model_name]
    if run.model_name == "contact":
        source = _("Import du %(date)s (%(file)s)") % {
            "date": timezone.localdate(run.created_at).strftime("%d/%m/%Y"),
            "file": run.filename,
        }
        return resource_class(default_source=source[:200])
    return resource_class()


def build_plan(job, run):
    resource = make_resource(run)
    try:
        _columns, ignored, records = read_table(bytes(run.content), run.filename, resource)
    except ImportFileError as error:
        raise JobError(str(error)) from error
    job.set_progress(0, total=len(records))
    return plan_import(
        resource,
        records,
        ignored=ignored,
        create_organisations=run.create_organisations,
        progress=lambda done, _total: job.set_progress(done),
    )


def preview_data(plan):
    """What the summary page shows: counts, then invalid rows, then updated rows' changes."""
    lines = []
    for outcome in ("invalid", "update"):
        for row in plan.rows:
            if row.outcome == outcome and len(lines) < PREVIEW_LINES:
                lines.append(
                    {
                        "number": row.number,
                        "key": row.key,
                        "outcome": outcome,
                        "messages": row.messages,
                        "changes": row.changes,
                    }
                )
    return {
        "counts": plan.counts,
        "rows": len(plan.rows),
        "ignored": plan.ignored,
        "new_organisations": plan.new_organisations,
        "lines": lines,
    }


def _load(run_id):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        raise JobError(_("Cet import n'existe plus : déposez le fichier à nouveau."))
    return run


@job_task
def preview_import(job, run_id):
    run = _load(run_id)
    job.result_url = run.get_absolute_url()
    try:
        plan = build_plan(job, run)
    except JobError:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED)
        raise
    preview = preview_data(plan)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.PREVIEWED, preview=preview)
    counts = preview["counts"]
    return {
        _("nouvelles"): counts["new"],
        _("mises à jour"): counts["update"],
        _("inchangées"): counts["skip"],
        _("invalides"): counts["invalid"],
    }


@job_task
def confirm_import(job, run_id):
    run = _load(run_id)
    job.result_url = run.get_absolute_url()
    try:
        plan = build_plan(job, run)
        if not plan.is_valid:
            ImportRun.objects.filter(pk=run.pk).update(preview=preview_data(plan))
            raise JobError(
                _(
                    "Les données ont changé depuis l'aperçu : rien n'a été importé. Le nouvel "
                    "aperçu montre les lignes devenues invalides."
                )
            )
        with transaction.atomic():
            counts = write_plan(plan)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.DONE,
                content=b"",  # personal data: the file is not kept once imported
                result={**counts, "new_organisations": len(plan.new_organisations)},
            )
    except IntegrityError as error:
        # Another import (or an edit in the admin) wrote the same e-mail or name meanwhile.
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.PREVIEWED)
        raise JobError(
            _(
                "Une fiche de ce fichier vient d'être enregistrée par un autre import au même "
                "moment : rien n'a été écrit. Rechargez la liste, puis relancez l'import si "
                "besoin."
            )
        ) from error
    except JobError:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.PREVIEWED)
        raise
    return {
        _("ajoutées"): counts["new"],
        _("mises à jour"): counts["update"],
        _("inchangées (confirmées)"): counts["skip"],
    }


def remove_expired_runs(now=None):
    """Delete imports nobody confirmed within ``ImportRun.EXPIRY`` (they hold personal data)."""
    now = now or timezone.now()
    deleted, _detail = ImportRun.objects.filter(created_at__lt=now - ImportRun.EXPIRY).delete()
    return deleted
