"""Who may answer, and writing one response with all its answers in one transaction."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.access import reader_audiences
from portal.jobs import enqueue_after_commit
from surveys.models import Answer, Audience, Participation, SurveyResponse
from surveys.tasks import notify_coordinators_task

logger = logging.getLogger(__name__)


class AlreadyAnswered(Exception):
    """The person already answered this survey (and may not answer twice)."""


class InvalidFormToken(Exception):
    """The form's one-time token belongs to another survey's response: nothing is written."""


def in_audience(user, survey):
    """Whether ``user`` belongs to the survey's audience (the rule lives in portal.access)."""
    readers = reader_audiences(user)
    if survey.audience == Audience.BOTH:
        return bool(readers)
    return survey.audience in readers


def has_answered(user, survey):
    if not getattr(user, "is_authenticated", False):
        return False
    if survey.anonymous:
        return Participation.objects.filter(survey=survey, user=user).exists()
    return SurveyResponse.objects.filter(survey=survey, user=user).exists()


def own_response(user, survey):
    """The identified response this user may edit, or None."""
    if survey.anonymous or not survey.allow_edit or not user.is_authenticated:
        return None
    return SurveyResponse.objects.filter(survey=survey, user=user).first()


def save_response(survey, user, rows, *, form_token=None, session=None, existing=None):
    """Write (or replace) a response and all its answers atomically.

    Returns ``(response, created)``. A replayed form token returns the response it already
    produced with ``created=False``; a second response from the same person raises
    :class:`AlreadyAnswered`. Both rely on unique constraints, so they hold under concurrency.
    """
    now = timezone.now()
    if existing is not None:
        with transaction.atomic():
            response = SurveyResponse.objects.select_for_update().get(pk=existing.pk)
            response.updated_at = now
            fields = ["updated_at"]
            if session is not None:
                response.session = session
                fields.append("session")
            response.save(update_fields=fields)
            response.answers.all().delete()
            Answer.objects.bulk_create(Answer(response=response, **row) for row in rows)
        return response, False

    if form_token is not None:
        used = SurveyResponse.objects.filter(form_token=form_token).only("survey_id").first()
        if used is not None:
            if used.survey_id != survey.pk:
                raise InvalidFormToken
            return used, False

    identified = not survey.anonymous
    local_now = timezone.localtime(now)
    if survey.anonymous:
        # Kept to the day only: the time of day could single a respondent out.
        local_now = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    response = SurveyResponse(
        survey=survey,
        user=user if identified else None,
        once_key=user.pk if identified and survey.one_response_per_person else None,
        # A random token that only lived in the served form: it identifies nobody.
        form_token=form_token,
        submitted_at=local_now,
        submitted_on=local_now.date(),
    )
    if session is not None:
        response.session = session
    try:
        with transaction.atomic():
            if survey.anonymous and survey.one_response_per_person:
                Participation.objects.create(survey=survey, user=user)
            response.save()
            Answer.objects.bulk_create(Answer(response=response, **row) for row in rows)
    except IntegrityError as error:
        if form_token is not None:
            used = SurveyResponse.objects.filter(form_token=form_token).first()
            if used is not None:
                if used.survey_id != survey.pk:
                    raise InvalidFormToken from error
                return used, False
        if survey.one_response_per_person:
            raise AlreadyAnswered from error
        raise
    if survey.notify_coordinators:
        # Sent by the task worker (surveys/tasks.py), once the response is committed.
        enqueue_after_commit(notify_coordinators_task, response.pk)
    return response, True
