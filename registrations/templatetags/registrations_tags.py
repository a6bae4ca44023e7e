"""Registration blocks shown inside page templates: sessions rendered per person (never in the
page cache), season figures computed from the records and shared by every reader (portal.cache:
records do not bump the content version, so attendance marked shows within CACHE_TTL).

Page models do not import this app: their templates load these tags, which read the sessions
the page already selected and add places left and the reader's own registrations.
"""

from django import template
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from pages.models import ModuleSession
from portal.access import SESSION_OPEN, can_keep_attendance, is_coordinator, sessions_access
from portal.cache import cached
from portal.templatetags.portal_tags import example_mark_html

from ..figures import compute_season_figures
from ..models import Registration
from ..services import facilitator_user_ids, last_known_service, places_left
from ..tailor_made import is_team_contact

register = template.Library()


@register.inclusion_tag("registrations/module_sessions.html", takes_context=True)
def module_sessions(context, module):
    """A module's sessions with places left and a « S'inscrire » form: the sessions written
    out and the facilitators' accounts shared by every reader under the content version, one
    query for the places taken, one for the reader's registrations — whatever the number of
    sessions and registrations."""
    request = context["request"]
    user = request.user
    now = timezone.now()
    texts = SessionTexts()
    preview = module.pk is None or getattr(request, "is_preview", False)
    if preview:
        # An editor's preview shows the sessions being edited (in memory), not the saved ones.
        sessions = written_out(
            sorted(module.sessions.all(), key=lambda session: session.start), texts
        )
        facilitators, taken = [], {}
    else:
        # The sessions and their facilitators change only with the module's publication (which
        # bumps the content version): shared by every reader; the places taken are read live.
        sessions, facilitators = cached(
            f"module-sessions:{module.pk}", lambda: _module_sessions(module, texts)
        )
        taken = dict(
            Registration.objects.registered()
            .filter(session__module=module)
            .values_list("session_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
    upcoming, past = [], []
    for session in sessions:
        session.n_registered = taken.get(session.pk, 0)
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
    keeper = not preview and can_keep_attendance(user, facilitators)
    # One reverse per URL name, not one per session (a module may list many sessions).
    patterns = {
        name: reverse(f"registrations:{name}", args=[0]).replace("/0/", "/{}/")
        for name in ("register", "session_ics", "attendance", "team")
    }
    for session in [*upcoming, *past]:
        session.register_url = patterns["register"].format(session.pk)
        session.ics_url = patterns["session_ics"].format(session.pk)
        session.attendance_url = patterns["attendance"].format(session.pk)
    for session, access in zip(upcoming, sessions_access(user, upcoming, module), strict=True):
        session.places_left = places_left(session, session.n_registered)
        session.places_text = texts.places_left(session.places_left)
        session.register_label = texts.register_label(session.places_left)
        session.own_registration = own.get(session.pk)
        session.access = access
        session.can_register = (
            not preview and session.access == SESSION_OPEN and session.start > now
        )
        session.team_url = patterns["team"].format(session.pk)
        session.is_team_contact = not preview and is_team_contact(user, session)
    # The « Direction ou service » field is prefilled with the one given last time (one query,
    # only when there is a form to fill).
    can_register = any(session.can_register for session in upcoming)
    known_service = last_known_service(user) if can_register else ""
    lines = SessionLines(texts, request, keeper, known_service, context.get("csrf_token"))
    return {
        "request": request,
        "module": module,
        "known_service": known_service,
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "upcoming_html": mark_safe("".join(lines.upcoming(session) for session in upcoming)),
        "past_html": mark_safe("".join(lines.past(session) for session in past)),
        "can_keep_attendance": keeper,
        "csrf_token": context.get("csrf_token"),
    }


def _module_sessions(module, texts):
    """``(sessions, facilitator accounts)`` of a published module, each session with what
    every reader sees of it written out (:func:`written_out`)."""
    sessions = ModuleSession.objects.filter(module=module).order_by("start")
    return written_out(list(sessions), texts), facilitator_user_ids(module)


def written_out(sessions, texts):
    """``sessions``, each with its date, place, capacity and tags written out by ``texts``
    (``summary``, ``at_session``; ``when`` read)."""
    for session in sessions:
        session.summary = texts.summary(session)
        session.at_session = texts.at_session(session.when)
    return sessions


class SessionTexts:
    """The sentences a session list repeats, translated once per distinct value rather than by
    a ``blocktranslate`` per session (a module may list fifty sessions): the same messages as
    the templates' ``blocktranslate`` tags, escaped the same way."""

    def __init__(self):
        self._memo = {}

    def _once(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def capacity(self, capacity):
        return self._once(
            ("capacity", capacity),
            lambda: (
                ngettext("%(counter)s place", "%(counter)s places", capacity)
                % {"counter": capacity}
            ),
        )

    def places_left(self, left):
        def make():
            if left is None:
                return gettext("Places non limitées")
            if left:
                return ngettext(
                    "%(counter)s place restante", "%(counter)s places restantes", left
                ) % {"counter": left}
            return gettext("Complet : inscription en liste d'attente")

        return mark_safe(self._once(("left", left), make))

    def register_label(self, left):
        return mark_safe(
            self._once(
                ("register", left == 0),
                lambda: (
                    gettext("Rejoindre la liste d'attente") if left == 0 else gettext("S'inscrire")
                ),
            )
        )

    def at_session(self, when):
        message = self._once("at_session", lambda: gettext("à la session du %(when)s"))
        return mark_safe(message % {"when": conditional_escape(when)})

    def summary(self, session):
        """A session's date, place, capacity and tags (the line every session list shows)."""
        start = timezone.localtime(session.start).isoformat() if session.start else ""
        parts = [f'<time datetime="{start}">{conditional_escape(session.when)}</time>']
        if session.place or session.room:
            room = f", {conditional_escape(session.room)}" if session.room else ""
            parts.append(
                f'<span class="session__place"> · {conditional_escape(session.place)}{room}</span>'
            )
        if session.capacity:
            parts.append(f"<span> · {self.capacity(session.capacity)}</span>")
        if session.is_tailor_made:
            parts.append(
                ' <span class="tag">'
                + self._once("tailor_made", lambda: gettext("Sur-mesure"))
                + "</span>"
            )
            if session.requesting_team:
                team = conditional_escape(session.requesting_team)
                parts.append(
                    f" <span>{gettext('à la demande de : %(team)s') % {'team': team}}</span>"
                )
        if session.is_fictitious:
            parts.append(" " + example_mark_html())
        return mark_safe("".join(parts) + "\n")


class SessionLines:
    """Each session's ``<li>`` of ``registrations/module_sessions.html``, written in one pass in
    Python (a module may list fifty sessions, and a template loop costs more than the page's
    queries): exactly the HTML the template's loop gave, escaped the same way."""

    def __init__(self, texts, request, keeper, known_service, csrf_token):
        self.texts = texts
        self.keeper = keeper
        self.path = conditional_escape(request.path)
        self.known_service = conditional_escape(known_service)
        self.csrf_token = conditional_escape(csrf_token)
        self.mine_url = None
        self.t = {
            "waiting": gettext("Vous êtes en liste d'attente."),
            "registered": gettext("Vous êtes inscrit ou inscrite."),
            "mine": gettext("Mes inscriptions"),
            "service": gettext("Direction ou service (facultatif)"),
            "service_help": gettext(
                "Sert à compter les participants par service dans le bilan de la saison."
            ),
            "tailor_made": gettext(
                "Session sur-mesure : les inscriptions passent par le contact de l'équipe "
                "demandeuse."
            ),
            "closed": gettext("Cette session n'est pas ouverte à votre public."),
            "team": gettext("Inscrire des collègues de l'équipe"),
            "ics": gettext("Ajouter à mon agenda (.ics)"),
            "attendance": gettext("Feuille de présence"),
        }  # not escaped: a ``{% translate %}`` of a template literal is safe text

    def _attendance(self, session, when):
        return (
            f' <a href="{session.attendance_url}">{self.t["attendance"]}'
            f'<span class="visually-hidden"> – {when}</span></a>'
        )

    def upcoming(self, session):
        t = self.t
        pk = session.pk
        when = conditional_escape(session.when)
        parts = [
            f'\n        <li class="session" id="session-{pk}">\n            {session.summary}'
            f'\n            <p class="session__places">{session.places_text}</p>\n            '
        ]
        own = session.own_registration
        if own:
            if self.mine_url is None:
                self.mine_url = reverse("registrations:mine")
            message = t["waiting"] if own.status == "waiting" else t["registered"]
            parts.append(
                f'\n            <p class="session__mine"><strong>{message}</strong>\n'
                f'                <a href="{self.mine_url}">{t["mine"]}</a></p>\n            '
            )
        elif session.can_register:
            parts.append(
                f'\n            <form method="post" action="{session.register_url}"'
                ' class="session__form">\n'
                '                <input type="hidden" name="csrfmiddlewaretoken"'
                f' value="{self.csrf_token}">\n'
                '                <input type="hidden" name="next"'
                f' value="{self.path}#session-{pk}">\n'
                f'                <p class="session__service"><label for="service-{pk}">'
                f"{t['service']}</label><br>\n"
                f'                    <input id="service-{pk}" name="service" type="text"'
                f' maxlength="150" value="{self.known_service}" autocomplete="organization"'
                f' aria-describedby="service-help-{pk}">\n'
                f'                    <span id="service-help-{pk}" class="session__service-help">'
                f"{t['service_help']}</span></p>\n"
                f'                <button type="submit" class="button">{session.register_label}'
                f'<span class="visually-hidden"> {session.at_session}</span></button>\n'
                "            </form>\n            "
            )
        elif session.access == "tailor_made":
            parts.append(
                f'\n            <p class="session__closed">{t["tailor_made"]}</p>\n            '
            )
        elif session.access == "closed_to_audience":
            parts.append(
                f'\n            <p class="session__closed">{t["closed"]}</p>\n            '
            )
        parts.append("\n            ")
        if session.is_team_contact:
            parts.append(
                f'<p class="session__team"><a href="{session.team_url}">{t["team"]}'
                f'<span class="visually-hidden"> – {when}</span></a></p>'
            )
        parts.append("\n            ")
        if pk:
            parts.append(
                f'<p class="session__links"><a href="{session.ics_url}">{t["ics"]}'
                f'<span class="visually-hidden"> – {when}</span></a>'
                + (f" ·{self._attendance(session, when)}" if self.keeper else "")
                + "</p>"
            )
        parts.append("\n        </li>\n        ")
        return mark_safe("".join(parts))

    def past(self, session):
        attendance = (
            self._attendance(session, conditional_escape(session.when)) if self.keeper else ""
        )
        return mark_safe(
            f'\n            <li class="session">{session.summary}{attendance}</li>\n            '
        )


@register.simple_tag(takes_context=True)
def session_summary(context, session):
    """The line describing a session (date, place, places, « Sur-mesure », « Exemple fictif »),
    built in Python: lists repeat it for every session."""
    texts = getattr(session, "_texts", None)
    if texts is None:
        request = context.get("request")
        memo = request.__dict__ if request is not None else {}
        texts = memo.setdefault("_registrations_session_texts", SessionTexts())
    return texts.summary(session)


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
