"""Exports of the coordination's registration and attendance listings (current filter applied).

The door is the coordination's (portal.access.require_coordination); rows stream through the
one export writer (portal.exports), and each export is logged.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.access import require_coordination
from portal.exports import export_response

from .admin_filters import (
    filter_by_presence,
    filter_by_service,
    filter_by_session,
    filter_by_status,
)
from .models import Attendance, Registration

FORMATS = ("csv", "xlsx")

REGISTRATION_HEADERS = [
    "Personne",
    "Adresse électronique",
    "Module",
    "Début de la session",
    "Sur-mesure",
    "Direction ou service",
    "État",
    "Rang en liste d'attente",
    "Inscription le",
    "Annulée le",
]
ATTENDANCE_HEADERS = [
    "Personne",
    "Adresse électronique",
    "Module",
    "Début de la session",
    "Sur-mesure",
    "Présent ou présente",
    "Venue sans inscription",
    "Pointé le",
]


def _name(user):
    return user.get_full_name() or user.get_username()


def _filtered(queryset, params, search_fields):
    queryset = filter_by_session(queryset, params.get("session"))
    if queryset.model is Registration:
        queryset = filter_by_status(queryset, params.get("etat"))
        queryset = filter_by_service(queryset, params.get("service"))
    else:
        queryset = filter_by_presence(queryset, params.get("presence"))
    term = (params.get("q") or "").strip()
    if term:
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


def _registration_rows(queryset):
    for row in queryset.iterator(chunk_size=2000):
        yield [
            _name(row.user),
            row.user.email,
            row.session.module.title,
            row.session.start,
            "oui" if row.session.is_tailor_made else "non",
            row.service,
            row.get_status_display(),
            row.rank,
            row.created,
            row.cancelled_at,
        ]


def _attendance_rows(queryset):
    for row in queryset.iterator(chunk_size=2000):
        yield [
            _name(row.user) if row.user_id else row.name,
            row.email or (row.user.email if row.user_id else ""),
            row.session.module.title,
            row.session.start,
            "oui" if row.session.is_tailor_made else "non",
            "oui" if row.present else "non",
            "oui" if row.walk_in else "non",
            row.marked_at,
        ]


EXPORTS = {
    "registration": (
        Registration,
        REGISTRATION_HEADERS,
        _registration_rows,
        ("user__username", "user__first_name", "user__last_name", "user__email", "service"),
        "Inscriptions",
    ),
    "attendance": (
        Attendance,
        ATTENDANCE_HEADERS,
        _attendance_rows,
        ("name", "email", "user__username", "user__last_name", "user__email"),
        "Présences",
    ),
}


@require_GET
def export_view(request, model_name, fmt):
    if model_name not in EXPORTS or fmt not in FORMATS:
        raise Http404
    require_coordination(
        request.user, message=_("Seule l'équipe Coordination peut exporter ces données.")
    )
    model, headers, rows, search_fields, what = EXPORTS[model_name]
    queryset = _filtered(
        model.objects.select_related("user", "session__module").order_by("session__start", "pk"),
        request.GET,
        search_fields,
    )
    filters = {
        name: request.GET[name]
        for name in ("session", "etat", "service", "presence", "q")
        if request.GET.get(name)
    }
    return export_response(
        request,
        fmt=fmt,
        what=what,
        headers=headers,
        rows=rows(queryset),
        row_count=queryset.count(),
        filters=filters,
    )
