"""One reminder per survey, sent by a coordinator to the people who have not answered.

Who is asked
    A survey evaluating a module asks the people marked present at its sessions (the
    registrations app's attendance sheets, reached through the accounts' ``session_attendances``
    relation); any other survey asks its audience (agents, partners or both, the rule of
    ``portal.access.audience_members``). Only active accounts with an e-mail address.

Who has answered, and anonymity
    Read only from the "has answered" records (``submission.answered_user_ids``): an identified
    response's owner, or an anonymous one-response survey's participation marker, which is kept
    apart from the answers. An anonymous survey open to several responses per person keeps no
    such marker: nobody can be told apart, so the reminder goes to the whole audience with
    « Si vous avez déjà répondu, merci » and the coordinator is told so before sending.

Once per survey
    A unique constraint on the survey refuses a second reminder, even from two simultaneous
    clicks. The e-mails are sent by the task worker (:func:`send_survey_reminder`), one per
person (nobody sees the other addresses), to the people still not answering at that time.
"""

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from django_tasks import task

from portal.access import audience_members
from portal.jobs import enqueue_after_commit, retry_later
from surveys.models.responses import SurveyReminder
from surveys.submission import answered_user_ids, knows_who_answered

logger = logging.getLogger(__name__)


class AlreadyReminded(Exception):
    """The survey's one reminder was already sent."""


def asks_attendees(survey):
    """Whether the survey asks the people present at sessions: it evaluates a module that has
    sessions."""
    return bool(survey.evaluated_page_id) and survey.sessions().exists()


def asked_people(survey, attendees=None):
    """Everyone the survey asks: the evaluated module's attendees, or the survey's audience."""
    people = get_user_model().objects.filter(is_active=True).exclude(email="")
    if attendees is None:
        attendees = asks_attendees(survey)
    if attendees:
        return people.filter(
            session_attendances__session__module_id=survey.evaluated_page_id,
            session_attendances__present=True,
        ).distinct()
    return people.filter(pk__in=audience_members(survey.audience).values("pk"))


def recipients(survey, attendees=None):
    """The people to remind: those asked who have not answered (all of them when the survey
    cannot tell, see the module's docstring)."""
    people = asked_people(survey, attendees)
    if not knows_who_answered(survey):
        return people
    answered = answered_user_ids(survey, people.values("pk"))
    return people.exclude(pk__in=answered)


def reminder_of(survey):
    return SurveyReminder.objects.filter(survey=survey).select_related("sent_by").first()


def request_reminder(survey, user):
    """Record the survey's reminder and queue its e-mails; :class:`AlreadyReminded` if done."""
    count = recipients(survey).count()
    try:
        with transaction.atomic():
            reminder = SurveyReminder.objects.create(
                survey=survey,
                sent_by=user,
                recipient_count=count,
                to_everyone=not knows_who_answered(survey),
            )
    except IntegrityError as error:
        raise AlreadyReminded from error
    enqueue_after_commit(send_survey_reminder, reminder.pk)
    return reminder


def reminder_message(survey):
    """(subject, body) of the reminder e-mail, in French, with the survey's address."""
    lines = [_("Bonjour,"), ""]
    if knows_who_answered(survey):
        lines.append(
            _("Vous n'avez pas encore répondu au questionnaire « %(title)s ».")
            % {"title": survey.title}
        )
    else:
        lines += [
            _("Le questionnaire « %(title)s » attend encore vos réponses.")
            % {"title": survey.title},
            _(
                "Il est anonyme : nous ne savons pas qui a répondu. Si vous avez déjà répondu, "
                "merci ! Ce message ne vous demande rien de plus."
            ),
        ]
    lines += ["", _("Quelques minutes suffisent : %(url)s") % {"url": survey.full_url}]
    if survey.closes_at:
        lines.append(
            _("Il est ouvert jusqu'au %(date)s.")
            % {"date": formats.date_format(timezone.localtime(survey.closes_at), "j F Y à H:i")}
        )
    lines += ["", _("L'équipe Coordination de Coopérer")]
    subject = _("[Coopérer] Rappel : %(title)s") % {"title": survey.title}
    return subject, "\n".join(lines)


@task()
def send_survey_reminder(reminder_id, attempt=1):
    """E-mail the survey's reminder to each person still not answering, and record how many.

    Retried later when the mail server cannot be reached (nothing sent yet); done once.
    """
    reminder = (
        SurveyReminder.objects.select_related("survey").filter(pk=reminder_id, sent_at=None).first()
    )
    if reminder is None:  # already sent, or the survey was deleted
        return 0
    survey = reminder.survey
    subject, body = reminder_message(survey)
    addresses = list(recipients(survey).order_by("pk").values_list("email", flat=True))
    try:
        mail = get_connection()
        mail.open()
    except (smtplib.SMTPException, OSError):
        if not retry_later(send_survey_reminder, reminder_id, attempt=attempt):
            raise
        logger.warning("Survey reminder %s: mail server unreachable, retry queued", reminder_id)
        return 0
    try:
        sent = mail.send_messages(
            [EmailMessage(subject, body, to=[address], connection=mail) for address in addresses]
        )
    finally:
        mail.close()
    SurveyReminder.objects.filter(pk=reminder_id).update(
        sent_count=sent or 0, sent_at=timezone.now()
    )
    return sent or 0
