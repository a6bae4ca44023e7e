"""Who may answer, and writing one response with all its answers in one transaction."""

from contextlib import nullcontext

from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery
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


def answered_user_ids(survey, user_ids):
    """Who among ``user_ids`` has answered ``survey`` — from the "has answered" records only:
    the identified responses' owners, the anonymous surveys' participation markers (kept for
    one-response surveys, apart from the answers). An anonymous survey open to several
    responses per person keeps no marker: nobody can be told apart (see surveys/reminders.py).
    """
    if survey.anonymous:
        rows = Participation.objects.filter(survey=survey, user_id__in=user_ids)
    else:
        rows = SurveyResponse.objects.filter(survey=survey, user_id__in=user_ids)
    return set(rows.values_list("user_id", flat=True))


def knows_who_answered(survey):
    """Whether the survey keeps who answered: identified, or anonymous with one response per
    person (the participation marker)."""
    return not survey.anonymous or survey.one_response_per_person


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
    :class:`AlreadyAnswered`. Both rely on unique constraints, so they hold under concurrency
    (and cost no query before the write).
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

    response = new_response(survey, user, now, form_token=form_token, session=session)
    try:
        _insert_new(
            survey,
            response,
            rows,
            by_key if by_key is not None else tallies.questions_by_key(survey),
            participant=user if survey.anonymous and survey.one_response_per_person else None,
            draft_user=user if can_keep_draft(user, survey) else None,
        )
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


def _insert_new(survey, response, rows, by_key, *, participant, draft_user):
    """Write a new response with its answers and tallies, the anonymous survey's "has
    answered" marker (``participant``) and the end of the person's draft: all or nothing."""
    entries = tallies.response_entries(by_key, rows)
    if connection.vendor == "postgresql":
        _insert_in_one_statement(
            survey, response, rows, entries, participant=participant, draft_user=draft_user
        )
        return
    with transaction.atomic():
        if participant is not None:
            Participation.objects.create(survey=survey, user=participant)
        response.save()
        Answer.objects.bulk_create(Answer(response=response, **row) for row in rows)
        tallies.add(survey.pk, response.submitted_on, response.session_id, entries)
        if draft_user is not None:
            SurveyDraft.objects.filter(survey=survey, user=draft_user).delete()


def _insert_in_one_statement(survey, response, rows, entries, *, participant, draft_user):
    """PostgreSQL: the writes of :func:`_insert_new` as one statement (data-modifying WITH
    clauses): one round trip to the database instead of six (BEGIN, four writes, COMMIT), and
    atomic like any single statement. The INSERTs are the ones Django compiles for the models.
    """
    clauses, params = [], []

    def clause(name, statement):
        sql, clause_params = statement
        clauses.append(f"{name} AS ({sql})")
        params.extend(clause_params)

    if participant is not None:
        clause("participation", _insert_sql([Participation(survey=survey, user=participant)]))
    clause("response", _insert_sql([response], returning=True))
    if rows:
        response_id = RawSQL("SELECT id FROM response", ())
        clause("answers", _insert_sql([Answer(response_id=response_id, **row) for row in rows]))
    if entries:
        clause(
            "tallies",
            tallies.upsert_statement(
                survey.pk, response.submitted_on, response.session_id, entries
            ),
        )
    if draft_user is not None:
        table = SurveyDraft._meta.db_table
        clause(
            "draft",
            (
                f"DELETE FROM {table} WHERE survey_id = %s AND user_id = %s",
                [survey.pk, draft_user.pk],
            ),
        )
    sql = "WITH " + ", ".join(clauses) + " SELECT id FROM response"
    # Inside an outer transaction (tests, ATOMIC_REQUESTS), a savepoint keeps it usable when a
    # unique constraint refuses the statement; in autocommit the statement is its own transaction.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(sql, params)
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    response._state.db = connection.alias


def _insert_sql(objs, returning=False):
    """The INSERT Django writes for ``objs`` (instances of one model), as (sql, params)."""
    opts = objs[0]._meta
    fields = [f for f in opts.concrete_fields if f is not opts.auto_field and not f.generated]
    query = InsertQuery(type(objs[0]))
    query.insert_values(fields, objs)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [opts.pk] if returning else None
    [(sql, params)] = compiler.as_sql()
    return sql, params


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
