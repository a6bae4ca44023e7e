"""Who may answer, and writing one response with all its answers in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.access import reader_audiences
from portal.jobs import enqueue_after_commit
from surveys.choices import Audience
from surveys.models import responses as tallies
from surveys.models.responses import Answer, Participation, SurveyDraft, SurveyResponse
from surveys.tasks import notify_coordinators_task


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


def new_response(survey, user, now, *, form_token=None, session=None):
    """An unsaved response carrying the identity and anonymity rules.

    Identified surveys keep the user (and, with one response per person, ``once_key`` whose
    unique constraint refuses a second response); anonymous ones keep no identity and a date
    to the day only (the time of day could single a respondent out).
    """
    identified = not survey.anonymous
    local_now = timezone.localtime(now)
    if survey.anonymous:
        local_now = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    response = SurveyResponse(
        survey=survey,
        user=user if identified else None,
        once_key=user.pk if identified and user and survey.one_response_per_person else None,
        # A random token that only lived in the served form: it identifies nobody.
        form_token=form_token,
        submitted_at=local_now,
        submitted_on=local_now.date(),
    )
    if session is not None:
        response.session = session
    return response


def _write_answers(survey, response, rows, by_key=None):
    Answer.objects.bulk_create(Answer(response=response, **row) for row in rows)
    by_key = by_key if by_key is not None else tallies.questions_by_key(survey)
    tallies.add(
        survey.pk,
        response.submitted_on,
        response.session_id,
        tallies.response_entries(by_key, rows),
    )


def save_response(
    survey, user, rows, *, form_token=None, session=None, existing=None, questions=None
):
    """Write (or replace) a response, its answers and its tallies atomically.

    Returns ``(response, created)``. A replayed form token returns the response it already
    produced with ``created=False``; a second response from the same person raises
    :class:`AlreadyAnswered`. Both rely on unique constraints, so they hold under concurrency.
    """
    now = timezone.now()
    by_key = None if questions is None else {question.key: question for question in questions}
    if existing is not None:
        with transaction.atomic():
            response = SurveyResponse.objects.select_for_update().get(pk=existing.pk)
            tallies.subtract_responses(survey.pk, SurveyResponse.objects.filter(pk=response.pk))
            response.updated_at = now
            fields = ["updated_at"]
            if session is not None:
                response.session = session
                fields.append("session")
            response.save(update_fields=fields)
            response.answers.all().delete()
            _write_answers(survey, response, rows, by_key)
            _discard_draft(survey, user)
        return response, False

    if form_token is not None:
        used = SurveyResponse.objects.filter(form_token=form_token).only("survey_id").first()
        if used is not None:
            if used.survey_id != survey.pk:
                raise InvalidFormToken
            return used, False

    response = new_response(survey, user, now, form_token=form_token, session=session)
    try:
        with transaction.atomic():
            if survey.anonymous and survey.one_response_per_person:
                Participation.objects.create(survey=survey, user=user)
            response.save()
            _write_answers(survey, response, rows, by_key)
            _discard_draft(survey, user)
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


def save_many(survey, answer_sets, *, users=None, start=None, step=None, batch_size=5000):
    """Many responses at once (demo content, tests, benchmark), with the same rules as
    :func:`save_response`: the same response fields (:func:`new_response`), participations
    for anonymous one-response surveys, answers and tallies in the same transactions.

    ``answer_sets`` yields lists of answer rows (from the kinds, see
    ``surveys.forms.rows_from_values``); ``users`` (same length) the respondents. Response i is
    dated ``start - i × step`` (one minute by default).
    """
    import datetime
    import uuid

    start = start or timezone.now()
    step = step or datetime.timedelta(minutes=1)
    by_key = tallies.questions_by_key(survey)
    created = 0
    batch = []

    def flush():
        nonlocal created
        with transaction.atomic():
            if survey.anonymous and survey.one_response_per_person:
                Participation.objects.bulk_create(
                    Participation(survey=survey, user=user) for user, _r, _rows in batch if user
                )
            saved = SurveyResponse.objects.bulk_create([response for _u, response, _rows in batch])
            Answer.objects.bulk_create(
                [
                    Answer(response=response, **row)
                    for response, (_u, _r, rows) in zip(saved, batch, strict=True)
                    for row in rows
                ],
                batch_size=batch_size,
            )
            groups = {}
            for response, (_u, _r, rows) in zip(saved, batch, strict=True):
                group = groups.setdefault((response.submitted_on, response.session_id or 0), {})
                for key, (count, total, shown) in tallies.response_entries(by_key, rows).items():
                    entry = group.setdefault(key, [0, 0, ""])
                    entry[0] += count
                    entry[1] += total
                    entry[2] = entry[2] or shown
            for (day, session_id), entries in groups.items():
                tallies.add(survey.pk, day, session_id, entries)
        created += len(saved)
        batch.clear()

    for index, rows in enumerate(answer_sets):
        user = users[index] if users else None
        response = new_response(survey, user, start - index * step, form_token=uuid.uuid4())
        batch.append((user, response, list(rows)))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return created


# Drafts (identified surveys, between steps) ---------------------------------------------------


def can_keep_draft(user, survey):
    return bool(getattr(user, "is_authenticated", False)) and not survey.anonymous


def save_draft(survey, user, data, step):
    if not can_keep_draft(user, survey):
        return None
    draft, _created = SurveyDraft.objects.update_or_create(
        survey=survey, user=user, defaults={"data": data, "step": step}
    )
    return draft


def get_draft(survey, user):
    if not can_keep_draft(user, survey):
        return None
    return SurveyDraft.objects.filter(survey=survey, user=user).first()


def _discard_draft(survey, user):
    if can_keep_draft(user, survey):
        SurveyDraft.objects.filter(survey=survey, user=user).delete()
