"""Coordinators' export and import views in the Wagtail admin.

Each view checks its permission once, at the door (``experiences.export_<model>`` or
``experiences.import_<model>``, held by Coordination and by superusers).
"""

from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages

from portal.exports import FORMATS, export_resource_response

from .admin_filters import apply_admin_filters
from .importing import (
    ImportFileError,
    load_dataset,
    read_table,
    run_import,
    store_dataset,
    summarise,
)
from .models import Contact, Organisation
from .resources import RESOURCES, export_what

MODELS = {"organisation": Organisation, "contact": Contact}

SEARCH_FIELDS = {
    "organisation": ("name", "address", "territory__name"),
    "contact": ("first_name", "last_name", "email", "job_title", "organisation__name"),
}


def permission_at_the_door(action):
    """Resolve ``model_name`` and refuse anyone without ``experiences.<action>_<model>``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, model_name, *args, **kwargs):
            if model_name not in MODELS:
                raise Http404
            if not request.user.has_perm(f"experiences.{action}_{model_name}"):
                raise PermissionDenied(
                    _("Seule l'équipe Coordination peut exporter ou importer ces données.")
                )
            return view(request, model_name, *args, **kwargs)

        return wrapped

    return decorator


@permission_at_the_door("export")
def export_view(request, model_name, fmt):
    if fmt not in FORMATS:
        raise Http404
    queryset, filters = apply_admin_filters(MODELS[model_name].objects.all(), request.GET)
    resource_class = RESOURCES[model_name]
    return export_resource_response(
        request,
        resource_class(),
        resource_class.export_queryset(queryset),
        fmt=fmt,
        what=export_what(model_name),
        filters=filters,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        help_text=gettext_lazy(
            "Première ligne : les titres des colonnes. CSV séparé par des points-virgules ou "
            "des virgules, en UTF-8 ou Windows-1252 ; ou classeur XLSX (première feuille)."
        ),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier CSV ou XLSX."),
            "empty": gettext_lazy("Le fichier est vide."),
        },
    )


def _index_url(model_name):
    return reverse(f"experiences_{model_name}_modeladmin_index")


def _context(request, model_name, **extra):
    model = MODELS[model_name]
    resource = RESOURCES[model_name]()
    return {
        "model_name": model_name,
        "verbose_name_plural": model._meta.verbose_name_plural,
        "columns": [field.column_name for field in resource.get_import_fields()],
        "required_columns": resource.required_columns,
        "index_url": _index_url(model_name),
        "upload_url": reverse("experiences_import", args=[model_name]),
        "confirm_url": reverse("experiences_import_confirm", args=[model_name]),
        **extra,
    }


def make_resource(model_name, filename):
    if model_name == "contact":
        source = _("Import du %(date)s (%(file)s)") % {
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "file": filename,
        }
        return RESOURCES[model_name](default_source=source[:200])
    return RESOURCES[model_name]()


@permission_at_the_door("import")
def import_view(request, model_name):
    """Upload a file, then see the dry-run preview."""
    template = "experiences/admin/import.html"
    if request.method != "POST":
        return TemplateResponse(request, template, _context(request, model_name, form=ImportForm()))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, template, _context(request, model_name, form=form))
    uploaded = form.cleaned_data["file"]
    resource = make_resource(model_name, uploaded.name)
    try:
        dataset, ignored = read_table(uploaded, resource)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return TemplateResponse(request, template, _context(request, model_name, form=form))
    result = run_import(resource, dataset, dry_run=True)
    counts, lines = summarise(result, dataset, resource)
    token = ""
    if not counts["invalid"]:
        token = store_dataset(
            dataset, user=request.user, model_name=model_name, filename=uploaded.name
        )
    return TemplateResponse(
        request,
        "experiences/admin/import_preview.html",
        _context(
            request,
            model_name,
            filename=uploaded.name,
            counts=counts,
            lines=lines,
            ignored=ignored,
            token=token,
            row_count=len(dataset),
        ),
    )


@permission_at_the_door("import")
def import_confirm_view(request, model_name):
    """Write the previewed rows, all or none."""
    if request.method != "POST":
        return redirect("experiences_import", model_name)
    try:
        dataset, filename, stored_name = load_dataset(
            request.POST.get("token", ""), user=request.user, model_name=model_name
        )
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("experiences_import", model_name)
    resource = make_resource(model_name, filename)
    result = run_import(resource, dataset, dry_run=False)
    counts, lines = summarise(result, dataset, resource)
    if counts["invalid"]:
        messages.error(
            request,
            _(
                "Les données ont changé depuis l'aperçu : rien n'a été importé. Voici le "
                "nouvel aperçu."
            ),
        )
        return TemplateResponse(
            request,
            "experiences/admin/import_preview.html",
            _context(
                request,
                model_name,
                filename=filename,
                counts=counts,
                lines=lines,
                ignored=[],
                token="",
                row_count=len(dataset),
            ),
        )
    default_storage.delete(stored_name)
    messages.success(
        request,
        _(
            "Import de « %(file)s » terminé : %(new)s ajout(s), %(update)s mise(s) à jour, "
            "%(skip)s ligne(s) inchangée(s)."
        )
        % {"file": filename, **counts},
    )
    return redirect(_index_url(model_name))
