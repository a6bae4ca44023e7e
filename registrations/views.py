"""Registering, « Mes inscriptions », attendance sheets, calendars and the season dashboard.

Every form is a plain POST that works without JavaScript; a refusal is a French page with a
4xx status and nothing written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pages.models import ModulePage, ModuleSession, SeasonPage
from portal.access import (
    can_view_page,
    coordination_required,
    require_coordination,
    visible_pages,
    visible_sessions,
)
from portal.exports import INTEGER, PERCENT, TEXT, Column, export_response

from . import calendars
from .figures import compute_season_figures, dashboard_rows, participants_by_service
from .forms import RegisterForm
from .models import Attendance, CalendarFeed, Registration, RegistrationStatus
from .services import (
    Refused,
    add_walk_in,
    cancel,
    register,
    require_attendance_keeper,
    save_attendance,
)
from .tailor_made import (
    SessionFromRequestForm,
    create_session_from_request,
    describe_requests,
    is_team_contact,
    register_colleague,
    request_responses,
)


def refused(request, error, back_url=None):
    return render(
        request,
        "registrations/refused.html",
        {"message": error.message, "back_url": back_url or reverse("registrations:mine")},
        status=error.status,
    )


def _back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def register_view(request, session_id):
    session = get_object_or_404(ModuleSession.objects.select_related("module"), pk=session_id)
    back = _back(request, session.module.url or reverse("registrations:mine"))
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return refused(request, Refused(" ".join(form.errors["service"])), back)
    try:
        registration = register(request.user, session_id, service=form.cleaned_data["service"])
    except Refused as error:
        return refused(request, error, back)
    if registration.status == RegistrationStatus.WAITING:
        messages.warning(
            request,
            _(
                "La session est complète : vous êtes en liste d'attente (rang %(rank)s). Vous "
                "recevrez un courriel si une place se libère."
            )
            % {"rank": waiting_position(registration)},
        )
    else:
        messages.success(
            request,
            _("C'est noté : vous êtes inscrit ou inscrite à la session du %(when)s.")
            % {"when": session.when},
        )
    return redirect(back)


def waiting_position(registration):
    """1 for the first person waiting, and so on (ranks leave gaps as people move up)."""
    return (
        Registration.objects.waiting()
        .filter(session_id=registration.session_id, rank__lt=registration.rank)
        .count()
        + 1
    )


@require_POST
def cancel_view(request, registration_id):
    back = _back(request, reverse("registrations:mine"))
    try:
        registration, _promoted = cancel(request.user, registration_id)
    except Refused as error:
        return refused(request, error, back)
    messages.success(request, _("Votre inscription est annulée."))
    return redirect(back)


@require_GET
def my_registrations(request):
    now = timezone.now()
    registrations = list(
        Registration.objects.active()
        .filter(user=request.user)
        .select_related("session__module")
        .order_by("session__start")
    )
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    if waiting:
        # Positions on the waiting lists, in one query.
        counts = {}
        for row in (
            Registration.objects.waiting()
            .filter(session_id__in=[r.session_id for r in waiting])
            .values_list("session_id", "rank")
        ):
            counts.setdefault(row[0], []).append(row[1])
        for registration in waiting:
            ranks = counts.get(registration.session_id, [])
            registration.position = sum(1 for rank in ranks if rank < registration.rank) + 1
    upcoming = [r for r in registrations if r.session.end >= now]
    past = [r for r in registrations if r.session.end < now]
    past.reverse()
    attended = set(
        Attendance.objects.filter(
            user=request.user, present=True, session_id__in=[r.session_id for r in past]
        ).values_list("session_id", flat=True)
    )
    for registration in past:
        registration.attended = registration.session_id in attended
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "registrations/my_registrations.html",
        {
            "upcoming": upcoming,
            "past": past,
            "now": now,
            "feed_url": request.build_absolute_uri(reverse("registrations:feed", args=[feed.token]))
            if feed
            else "",
        },
    )


# Attendance ---------------------------------------------------------------------------------


def _keeper_session(request, session_id):
    session = get_object_or_404(ModuleSession.objects.select_related("module"), pk=session_id)
    try:
        require_attendance_keeper(request.user, session)
    except Refused as error:
        raise PermissionDenied(error.message) from None
    return session


def _sheet_rows(session):
    """Registered people and walk-ins with their mark, in two queries."""
    marks = {
        row.person_key: row
        for row in Attendance.objects.filter(session=session).select_related("user")
    }
    rows = []
    for registration in (
        Registration.objects.registered()
        .filter(session=session)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        mark = marks.pop(f"u:{registration.user_id}", None)
        rows.append(
            {
                "user": registration.user,
                "name": registration.user.get_full_name() or registration.user.get_username(),
                "email": registration.user.email,
                "service": registration.service,
                "present": mark.present if mark else None,
                "walk_in": False,
            }
        )
    for mark in sorted(marks.values(), key=lambda m: m.display_name.lower()):
        rows.append(
            {
                "user": mark.user,
                "name": mark.display_name,
                "email": mark.email or (mark.user.email if mark.user else ""),
                "service": mark.service,
                "present": mark.present,
                "walk_in": True,
            }
        )
    return rows


def attendance_view(request, session_id):
    session = _keeper_session(request, session_id)
    if request.method == "POST":
        try:
            ids = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
            if len(ids) != len(request.POST.getlist("present")):
                raise Refused(_("La liste des présences envoyée n'est pas valide."))
            save_attendance(request.user, session, ids)
        except Refused as error:
            return refused(request, error, request.path)
        messages.success(request, _("Les présences sont enregistrées."))
        return redirect(request.path)
    rows = _sheet_rows(session)
    return render(
        request,
        "registrations/attendance.html",
        {
            "session": session,
            "rows": rows,
            "present_count": sum(1 for row in rows if row["present"]),
        },
    )


@require_POST
def walk_in_view(request, session_id):
    session = _keeper_session(request, session_id)
    back = reverse("registrations:attendance", args=[session.pk])
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return refused(request, Refused(" ".join(form.errors["service"])), back)
    try:
        attendance = add_walk_in(
            request.user,
            session,
            request.POST.get("name", ""),
            request.POST.get("email", ""),
            form.cleaned_data["service"],
        )
    except Refused as error:
        return refused(request, error, back)
    messages.success(
        request, _("Présence de %(name)s ajoutée.") % {"name": attendance.display_name}
    )
    return redirect(back)


@require_GET
def sign_sheet_view(request, session_id):
    session = _keeper_session(request, session_id)
    return render(
        request,
        "registrations/sign_sheet.html",
        {"session": session, "rows": _sheet_rows(session), "blank_rows": range(5)},
    )


# Calendars ----------------------------------------------------------------------------------


def _ics(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def session_ics(request, session_id):
    session = get_object_or_404(ModuleSession.objects.select_related("module"), pk=session_id)
    module = session.module.specific
    if not module.live or not can_view_page(request.user, module):
        raise Http404
    if not visible_sessions(ModuleSession.objects.filter(pk=session.pk), request.user).exists():
        raise Http404
    return _ics(calendars.sessions_calendar([session], request), f"session-{session.pk}.ics")


def _season_sessions(season, user):
    """The season's upcoming sessions open to everyone in ``user``'s audience."""
    module_ids = visible_pages(ModulePage.objects.child_of(season).live(), user).values("pk")
    return visible_sessions(
        ModuleSession.objects.upcoming()
        .filter(module_id__in=module_ids, is_tailor_made=False)
        .select_related("module"),
        user,
    )


def _visible_season(user, season_id):
    season = get_object_or_404(SeasonPage.objects.live(), pk=season_id)
    if not can_view_page(user, season):
        raise Http404
    return season


@require_GET
def season_ics(request, season_id):
    season = _visible_season(request.user, season_id)
    return _ics(
        calendars.sessions_calendar(_season_sessions(season, request.user), request, season.title),
        f"{season.slug}.ics",
    )


def _feed_user(token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user


@login_not_required
@require_GET
def feed_view(request, token):
    """A person's registrations as a calendar feed: the token in the URL is the key."""
    user = _feed_user(token)
    sessions = [
        registration.session
        for registration in Registration.objects.registered()
        .filter(user=user)
        .select_related("session__module")
        .order_by("session__start")
    ]
    return _ics(
        calendars.sessions_calendar(sessions, request, _("Mes inscriptions")), "inscriptions.ics"
    )


@login_not_required
@require_GET
def season_feed_view(request, token, season_id):
    user = _feed_user(token)
    season = _visible_season(user, season_id)
    return _ics(
        calendars.sessions_calendar(_season_sessions(season, user), request, season.title),
        f"{season.slug}.ics",
    )


@require_POST
def feed_reset_view(request):
    """Create the private feed address, or replace it (the old address stops working)."""
    action = request.POST.get("action")
    CalendarFeed.objects.filter(user=request.user).delete()
    if action == "revoke":
        messages.success(request, _("L'adresse de votre agenda est révoquée."))
    else:
        CalendarFeed.objects.create(user=request.user)
        messages.success(
            request,
            _("Nouvelle adresse d'agenda créée : l'ancienne, s'il y en avait une, ne marche plus."),
        )
    return redirect("registrations:mine")


# Season dashboard ---------------------------------------------------------------------------


def _require_coordinator(request):
    require_coordination(
        request.user, message=_("Le tableau de bord des saisons est réservé à la coordination.")
    )


def _module_rows(rows):
    modules = {}
    for row in rows:
        entry = modules.setdefault(
            row.session.module_id,
            {"module": row.session.module, "capacity": 0, "registered": 0, "sessions": 0},
        )
        entry["sessions"] += 1
        entry["registered"] += row.registered
        entry["capacity"] += row.session.capacity or 0
    for entry in modules.values():
        entry["fill_rate"] = entry["registered"] / entry["capacity"] if entry["capacity"] else None
    return list(modules.values())


@require_GET
def dashboard_view(request, season_id):
    _require_coordinator(request)
    season = get_object_or_404(SeasonPage, pk=season_id)
    rows = dashboard_rows(season)
    marked = sum(row.present - row.walk_ins + row.no_shows for row in rows)
    no_shows = sum(row.no_shows for row in rows)
    return render(
        request,
        "registrations/dashboard.html",
        {
            "season": season,
            "rows": rows,
            "modules": _module_rows(rows),
            "figures": compute_season_figures(season),
            "no_show_rate": no_shows / marked if marked else None,
            "services": participants_by_service(season),
        },
    )


EXPORT_FORMATS = ("csv", "xlsx")
DASHBOARD_HEADERS = [
    "Module",
    "Début",
    "Lieu",
    "Sur-mesure",
    "Places",
    "Inscrits",
    "Liste d'attente",
    "Annulations",
    "Présents",
    "Dont sans inscription",
    "Absents",
    "Taux de remplissage (%)",
    "Taux d'absence (%)",
]


def _percent(value):
    return None if value is None else round(value * 100, 1)


@require_GET
def dashboard_export_view(request, season_id, fmt):
    _require_coordinator(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    season = get_object_or_404(SeasonPage, pk=season_id)
    rows = dashboard_rows(season)
    data = (
        [
            row.session.module.title,
            timezone.localtime(row.session.start).replace(tzinfo=None),
            ", ".join(part for part in (row.session.place, row.session.room) if part),
            "oui" if row.session.is_tailor_made else "non",
            row.session.capacity,
            row.registered,
            row.waiting,
            row.cancelled,
            row.present,
            row.walk_ins,
            row.no_shows,
            _percent(row.fill_rate),
            _percent(row.no_show_rate),
        ]
        for row in rows
    )
    return export_response(
        request,
        fmt=fmt,
        what=f"Tableau de bord {season.title}",
        headers=DASHBOARD_HEADERS,
        rows=data,
        row_count=len(rows),
        filters={"saison": season.pk},
    )


SERVICE_HEADERS = [
    Column("Direction ou service", TEXT),
    Column("Participants", INTEGER),
    Column("Part des participants (%)", PERCENT),
]


@require_GET
def dashboard_services_export_view(request, season_id, fmt):
    """Participants by direction or service, as on the dashboard, with their share."""
    _require_coordinator(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    season = get_object_or_404(SeasonPage, pk=season_id)
    rows = participants_by_service(season)
    total = sum(row.participants for row in rows)
    return export_response(
        request,
        fmt=fmt,
        what=f"Participants par service {season.title}",
        headers=SERVICE_HEADERS,
        rows=([row.name, row.participants, row.participants / total] for row in rows),
        row_count=len(rows),
        filters={"saison": season.pk},
    )


# Tailor-made sessions ------------------------------------------------------------------------

REQUESTS_PER_PAGE = 50


@coordination_required
@require_GET
def requests_view(request):
    """The tailor-made workshop requests, each with the session it became or a button."""
    responses = describe_requests(request_responses()[:REQUESTS_PER_PAGE])
    return render(
        request,
        "registrations/tailor_made_requests.html",
        {"responses": responses, "limit": REQUESTS_PER_PAGE},
    )


@coordination_required
def request_session_view(request, response_id):
    """Turn one request into a tailor-made session: a form, then one transaction."""
    response = get_object_or_404(request_responses(), pk=response_id)
    (response,) = describe_requests([response])
    back = reverse("registrations:requests")
    if response.made_session is not None:
        return refused(
            request, Refused(_("Cette demande est déjà devenue une session."), status=409), back
        )
    status = 200
    if request.method == "POST":
        form = SessionFromRequestForm(request.POST)
        if form.is_valid():
            try:
                session = create_session_from_request(request.user, response.pk, form.cleaned_data)
            except Refused as error:
                return refused(request, error, request.path)
            messages.success(
                request,
                _(
                    "La session sur-mesure du %(when)s est créée ; %(name)s en est le contact et "
                    "y est inscrit ou inscrite."
                )
                % {
                    "when": session.when,
                    "name": response.user.get_full_name() or response.user.get_username(),
                },
            )
            return redirect(back)
        status = 400
    elif request.method == "GET":
        form = SessionFromRequestForm(initial={"requesting_team": response.team[:200]})
    else:
        return HttpResponse(status=405)
    return render(
        request,
        "registrations/request_session.html",
        {"response": response, "form": form},
        status=status,
    )


def _team_session(request, session_id):
    session = get_object_or_404(
        ModuleSession.objects.select_related("module", "requesting_contact"), pk=session_id
    )
    if not is_team_contact(request.user, session):
        raise PermissionDenied(
            _(
                "Seul le contact de l'équipe demandeuse (ou la coordination) inscrit des "
                "collègues à une session sur-mesure."
            )
        )
    return session


def team_view(request, session_id):
    """The requesting contact's page: who is registered, and a form to add a colleague."""
    session = _team_session(request, session_id)
    if request.method == "POST":
        try:
            registration = register_colleague(
                request.user, session.pk, request.POST.get("email", "")
            )
        except Refused as error:
            return refused(request, error, request.path)
        messages.success(
            request,
            _("%(name)s est inscrit ou inscrite à la session.")
            % {"name": registration.user.get_full_name() or registration.user.get_username()},
        )
        return redirect(request.path)
    if request.method != "GET":
        return HttpResponse(status=405)
    registered = list(
        Registration.objects.registered()
        .filter(session=session)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return render(
        request,
        "registrations/team.html",
        {
            "session": session,
            "registered": registered,
            "places_left": None
            if session.capacity is None
            else max(session.capacity - len(registered), 0),
            "open": session.start > timezone.now(),
        },
    )
