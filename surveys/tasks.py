"""Survey work done by the task worker, not while the respondent waits."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from django_tasks import task

from portal.access import coordinators
from portal.jobs import retry_later
from surveys.models.responses import SurveyResponse

logger = logging.getLogger(__name__)

ANSWER_FIELDS = ("question_key", "text", "choice", "number", "date")


def display_value(row):
    """An answer as a person reads it: « 15 », « 12,5 », « 03/10/2026 », or the text."""
    if row.get("number") is not None:
        number = row["number"]
        if number == number.to_integral_value():
            return str(int(number))
        return str(number.normalize()).replace(".", ",")
    if row.get("date") is not None:
        return row["date"].strftime("%d/%m/%Y")
    return row.get("text") or row.get("choice") or ""


@task()
def notify_coordinators_task(response_id, attempt=1):
    """E-mail Coordination about a new response; retried when the mail server fails."""
    response = (
        SurveyResponse.objects.select_related("survey", "user").filter(pk=response_id).first()
    )
    if response is None:  # deleted in the meantime: nothing to announce
        return
    rows = list(response.answers.order_by("pk").values(*ANSWER_FIELDS))
    try:
        notify_coordinators(response.survey, response, response.user, rows)
    except (smtplib.SMTPException, OSError):
        if not retry_later(notify_coordinators_task, response_id, attempt=attempt):
            raise
        logger.warning("Survey response %s: notification e-mail not sent yet", response_id)


def notify_coordinators(survey, response, user, rows):
    """E-mail the Coordination group's members about a new response (e.g. a request form)."""
    recipients = list(coordinators().exclude(email="").values_list("email", flat=True).distinct())
    if not recipients:
        return
    questions = list(survey.questions.all())
    labels = {question.key: question.label for question in questions}
    # Choices are stored by key: e-mail their labels.
    choice_labels = {
        (question.key, choice.key): choice.label
        for question in questions
        for choice in question.choice_items()
    }
    lines = [
        _("Nouvelle réponse au questionnaire « %(title)s ».") % {"title": survey.title},
        "",
    ]
    if not survey.anonymous and user is not None:
        lines.append(
            _("De : %(name)s (%(email)s)")
            % {"name": user.get_full_name() or user.get_username(), "email": user.email}
        )
        lines.append("")
    for row in rows:
        if row.get("choice") and not row.get("text"):
            row = {
                **row,
                "choice": choice_labels.get((row["question_key"], row["choice"]), row["choice"]),
            }
        lines.append(f"{labels.get(row['question_key'], '?')} : {display_value(row)}")
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
    lines += [
        "",
        _("Les réponses sont consultables dans l'administration : %(url)s") % {"url": url},
    ]
    send_mail(
        subject=_("[Coopérer] %(title)s : nouvelle demande") % {"title": survey.title},
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
