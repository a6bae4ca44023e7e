"""E-mails about sessions, sent by the task worker: promotion from the waiting list, the
day-before reminder, the satisfaction survey after the session and one reminder to attendees
who have not answered it.

Whether someone answered is read only from the surveys' "has answered" records (the anonymous
surveys' participation table, the identified surveys' response owner), never from the answers.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from pages.models import ModuleSession
from portal.jobs import retry_later
from surveys.models import SurveyPage
from surveys.submission import answered_user_ids

from .models import Attendance, Registration, RegistrationStatus

logger = logging.getLogger(__name__)

# The survey goes to attendees of sessions that ended within this many days.
SURVEY_WINDOW_DAYS = 7
# The one reminder goes this many days after the invitation.
SURVEY_REMINDER_AFTER_DAYS = 3


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def session_lines(session):
    lines = [
        _("Module : %(title)s") % {"title": session.module.title},
        _("Date : %(when)s") % {"when": session.when},
    ]
    place = ", ".join(part for part in (session.place, session.room) if part)
    if place:
        lines.append(_("Lieu : %(place)s") % {"place": place})
    return lines


def _send(subject, lines, recipient):
    send_mail(
        subject=subject, message="\n".join(lines), from_email=None, recipient_list=[recipient]
    )


@task()
def send_promotion_email(registration_id, attempt=1):
    """Tell the person who moved up from the waiting list that they now have a place."""
    registration = (
        Registration.objects.select_related("user", "session__module")
        .filter(pk=registration_id, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if registration is None or not registration.user.email:
        return
    session = registration.session
    lines = [
        _("Bonne nouvelle : une place s'est libérée, vous êtes inscrit ou inscrite."),
        "",
        *session_lines(session),
        "",
        _("Vos inscriptions : %(url)s") % {"url": absolute(reverse("registrations:mine"))},
    ]
    try:
        _send(
            _("[Coopérer] Une place pour vous : %(title)s") % {"title": session.module.title},
            lines,
            registration.user.email,
        )
    except (smtplib.SMTPException, OSError):
        if not retry_later(send_promotion_email, registration_id, attempt=attempt):
            raise
        logger.warning("Registration %s: promotion e-mail not sent yet", registration_id)


@task()
def send_tailor_made_session_email(session_id, attempt=1):
    """Tell the person who asked for a tailor-made workshop that its session is planned, and
    how to register their colleagues."""
    session = (
        ModuleSession.objects.select_related("module", "requesting_contact")
        .filter(pk=session_id, is_tailor_made=True)
        .first()
    )
    contact = session.requesting_contact if session else None
    if contact is None or not contact.email:
        return
    lines = [
        _(
            "Votre demande d'atelier sur-mesure est devenue une session : vous en êtes le contact "
            "et vous y êtes inscrit ou inscrite."
        ),
        "",
        *session_lines(session),
        "",
        _("Inscrire les collègues de votre équipe : %(url)s")
        % {"url": absolute(reverse("registrations:team", args=[session.pk]))},
    ]
    try:
        _send(
            _("[Coopérer] Votre atelier sur-mesure : %(title)s") % {"title": session.module.title},
            lines,
            contact.email,
        )
    except (smtplib.SMTPException, OSError):
        if not retry_later(send_tailor_made_session_email, session_id, attempt=attempt):
            raise
        logger.warning("Session %s: tailor-made e-mail not sent yet", session_id)


@task()
def send_day_before_reminders(now=None):
    """Remind registered people of tomorrow's sessions (once per registration)."""
    now = parse_now(now)
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    registrations = (
        Registration.objects.registered()
        .filter(session__start__date=tomorrow, reminded_at=None)
        .exclude(user__email="")
        .select_related("user", "session__module")
    )
    sent = 0
    for registration in registrations:
        session = registration.session
        lines = [
            _("Bonjour, votre session de l'Atelier a lieu demain."),
            "",
            *session_lines(session),
            "",
            _("Un empêchement ? Annulez pour libérer votre place : %(url)s")
            % {"url": absolute(reverse("registrations:mine"))},
        ]
        _send(
            _("[Coopérer] Rappel : %(title)s demain") % {"title": session.module.title},
            lines,
            registration.user.email,
        )
        Registration.objects.filter(pk=registration.pk).update(reminded_at=now)
        sent += 1
    return sent


def session_survey(session, surveys=None):
    """The live survey about this session: one evaluating its module, else its season."""
    candidates = surveys
    if candidates is None:
        candidates = list(
            SurveyPage.objects.live().filter(
                evaluated_page_id__in=[session.module_id, session.module.get_parent().pk]
            )
        )
    for page_id in (session.module_id, session.module.get_parent().pk):
        for survey in candidates:
            if survey.evaluated_page_id == page_id and survey.is_open():
                return survey
    return None


def survey_link(survey, session):
    return f"{survey.full_url}?seance={session.pk}"


def _attendees(session, **filters):
    return (
        Attendance.objects.filter(session=session, present=True, **filters)
        .filter(Q(user__isnull=False) | ~Q(email=""))
        .select_related("user")
    )


def _address(attendance):
    if attendance.user_id and attendance.user.email:
        return attendance.user.email
    return attendance.email


@task()
def send_survey_invitations(now=None):
    """After a session, attendees receive the satisfaction survey's link (with ?seance=)."""
    now = parse_now(now)
    sessions = ModuleSession.objects.filter(
        end__lt=now, end__gte=now - datetime.timedelta(days=SURVEY_WINDOW_DAYS)
    ).select_related("module")
    sent = 0
    for session in sessions:
        survey = session_survey(session)
        if survey is None:
            continue
        for attendance in _attendees(session, survey_sent_at=None):
            address = _address(attendance)
            if not address:
                continue
            lines = [
                _("Merci d'être venu ou venue à l'Atelier de la coopération."),
                "",
                *session_lines(session),
                "",
                _("Votre avis compte : %(url)s") % {"url": survey_link(survey, session)},
            ]
            _send(
                _("[Coopérer] Votre avis sur : %(title)s") % {"title": session.module.title},
                lines,
                address,
            )
            Attendance.objects.filter(pk=attendance.pk).update(survey_sent_at=now)
            sent += 1
    return sent


@task()
def send_survey_reminders(now=None):
    """One reminder to attendees invited a few days ago who have not answered the survey."""
    now = parse_now(now)
    due = now - datetime.timedelta(days=SURVEY_REMINDER_AFTER_DAYS)
    session_ids = (
        Attendance.objects.filter(present=True, survey_sent_at__lte=due, survey_reminded_at=None)
        .values_list("session_id", flat=True)
        .distinct()
    )
    sent = 0
    for session in ModuleSession.objects.filter(pk__in=session_ids).select_related("module"):
        survey = session_survey(session)
        if survey is None:
            continue
        rows = list(_attendees(session, survey_sent_at__lte=due, survey_reminded_at=None))
        answered = answered_user_ids(survey, [row.user_id for row in rows if row.user_id])
        for attendance in rows:
            if attendance.user_id in answered:
                continue
            if not attendance.user_id:
                # A walk-in without an account: nobody can tell whether they answered.
                continue
            lines = [
                _("Vous n'avez pas encore donné votre avis sur la session de l'Atelier :"),
                "",
                *session_lines(session),
                "",
                _("Quelques minutes suffisent : %(url)s") % {"url": survey_link(survey, session)},
            ]
            _send(
                _("[Coopérer] Rappel : votre avis sur %(title)s") % {"title": session.module.title},
                lines,
                _address(attendance),
            )
            sent += 1
        Attendance.objects.filter(pk__in=[row.pk for row in rows]).update(survey_reminded_at=now)
    return sent


def parse_now(now):
    """Tasks take their arguments as JSON: ``now`` arrives as an ISO string, or None."""
    if now is None:
        return timezone.now()
    if isinstance(now, str):
        return datetime.datetime.fromisoformat(now)
    return now
