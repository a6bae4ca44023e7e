"""Registration blocks shown inside page templates: sessions rendered per person (never in the
page cache), season figures computed from the records and shared by every reader (portal.cache:
records do not bump the content version, so attendance marked shows within CACHE_TTL).

Page models do not import this app: their templates load these tags, which read the sessions
the page already selected and add places left and the reader's own registrations.
"""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pages.models import ModuleSession
from portal.access import SESSION_OPEN, can_keep_attendance, is_coordinator, session_access
from portal.cache import cached

from ..figures import compute_season_figures
from ..models import Registration, RegistrationStatus
from ..services import facilitator_user_ids, last_known_service, places_left
from ..tailor_made import is_team_contact

register = template.Library()


@register.inclusion_tag("registrations/module_sessions.html", takes_context=True)
def module_sessions(context, module):
    """A module's sessions with places left and a « S'inscrire » form: one query for the
    sessions and their places taken, one for the reader's registrations, one for the
    facilitators' accounts — whatever the number of sessions and registrations."""
    request = context["request"]
    user = request.user
    now = timezone.now()
    sessions = ModuleSession.objects.filter(module=module).annotate(
        n_registered=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        )
    )
    preview = module.pk is None or getattr(request, "is_preview", False)
    if preview:
        # An editor's preview shows the sessions being edited (in memory), not the saved ones.
        sessions = sorted(module.sessions.all(), key=lambda session: session.start)
        for session in sessions:
            session.n_registered = 0
    else:
        sessions = sessions.order_by("start")
    upcoming, past = [], []
    for session in sessions:
        (upcoming if session.end >= now else past).append(session)
    past.reverse()
    own = {}
    if user.is_authenticated and not preview:
        own = {
            registration.session_id: registration
            for registration in Registration.objects.active().filter(
                user=user, session_id__in=[session.pk for session in upcoming]
            )
        }
    keeper = not preview and can_keep_attendance(user, facilitator_user_ids(module))
    # One reverse per URL name, not one per session (a module may list many sessions).
    patterns = {
        name: reverse(f"registrations:{name}", args=[0]).replace("/0/", "/{}/")
        for name in ("register", "session_ics", "attendance", "team")
    }
    for session in [*upcoming, *past]:
        session.register_url = patterns["register"].format(session.pk)
        session.ics_url = patterns["session_ics"].format(session.pk)
        session.attendance_url = patterns["attendance"].format(session.pk)
    for session in upcoming:
        session.places_left = places_left(session, session.n_registered)
        session.own_registration = own.get(session.pk)
        session.access = session_access(user, session, module)
        session.can_register = (
            not preview and session.access == SESSION_OPEN and session.start > now
        )
        session.team_url = patterns["team"].format(session.pk)
        session.is_team_contact = not preview and is_team_contact(user, session)
    # The « Direction ou service » field is prefilled with the one given last time (one query,
    # only when there is a form to fill).
    can_register = any(session.can_register for session in upcoming)
    return {
        "request": request,
        "module": module,
        "known_service": last_known_service(user) if can_register else "",
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "can_keep_attendance": keeper,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("registrations/season_figures.html", takes_context=True)
def season_figures(context, season, heading_level=2):
    """The season's key figures, computed from its records (« — » where there is none)."""
    figures = cached(f"season-figures:{season.pk}", lambda: compute_season_figures(season))
    return {
        "season": season,
        "figures": figures,
        "heading_level": heading_level,
        "request": context.get("request"),
    }


@register.filter(name="is_coordinator")
def is_coordinator_filter(user):
    return is_coordinator(user)
