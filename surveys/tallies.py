"""Per-survey tallies: counts kept in each response's transaction, read by the results page.

One SurveyTally row per (question, statement, value, day, session). Each kind says what one
answer row counts (``Kind.tally``); a response also counts once for the survey ("" question)
and once per question it answered ("" value). Adding uses an upsert (``count = count + n``),
so concurrent responses add up under the database's row locks.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from surveys.models import Answer, SurveyPage, SurveyResponse, SurveyTally

ANSWER_FIELDS = (
    "question_key",
    "row_key",
    "choice",
    "is_other",
    "number",
    "date",
    "text",
    "keyword",
)


def response_entries(questions_by_key, rows):
    """{(question_key hex, row_key, value): [count, total, shown]} for one response's rows."""
    entries = defaultdict(lambda: [0, Decimal(0), ""])
    entries[("", "", "")][0] += 1
    answered = set()
    for row in rows:
        question = questions_by_key.get(row["question_key"])
        if question is None:
            continue
        key = question.key.hex
        answered.add(key)
        counted = question.kind_class.tally(question, row)
        if counted is None:
            continue
        row_key, value, number, shown = counted
        entry = entries[(key, row_key, str(value))]
        entry[0] += 1
        if number is not None:
            entry[1] += Decimal(number)
        if shown and not entry[2]:
            entry[2] = shown
    for key in answered:
        entries[(key, "", "")][0] += 1
    return entries


def add(survey_id, day, session_id, entries, sign=1):
    """Add (sign=1) or take away (sign=-1) entries in the survey's tallies, in one statement."""
    if not entries:
        return
    with connection.cursor() as cursor:
        cursor.execute(*upsert_statement(survey_id, day, session_id, entries, sign))


def upsert_statement(survey_id, day, session_id, entries, sign=1):
    """The one ``INSERT … ON CONFLICT DO UPDATE`` adding ``entries``, as (sql, params)."""
    table = SurveyTally._meta.db_table
    values, params = [], []
    for (question_key, row_key, value), (count, total, shown) in entries.items():
        values.append("(%s, %s, %s, %s, %s, %s, %s, %s, %s)")
        params += [
            survey_id,
            question_key,
            row_key,
            value[:255],
            day,
            session_id or 0,
            sign * count,
            sign * total,
            shown[:255],
        ]
    sql = (
        f"INSERT INTO {table} (survey_id, question_key, row_key, value, day, session_id, "
        f"count, total, shown) VALUES {', '.join(values)} "
        "ON CONFLICT (survey_id, question_key, row_key, value, day, session_id) DO UPDATE SET "
        f"count = {table}.count + excluded.count, total = {table}.total + excluded.total, "
        f"shown = CASE WHEN {table}.shown = '' THEN excluded.shown ELSE {table}.shown END"
    )
    return sql, params


def questions_by_key(survey):
    return {question.key: question for question in survey.questions.all()}


def answers_by_response(responses):
    """{response pk: [answer row dicts]} for a queryset of responses (one query)."""
    rows = defaultdict(list)
    for values in (
        Answer.objects.filter(response__in=responses)
        .order_by("response_id", "pk")
        .values("response_id", *ANSWER_FIELDS)
        .iterator(chunk_size=5000)
    ):
        rows[values.pop("response_id")].append(values)
    return rows


def grouped_entries(survey, responses):
    """Entries of many responses, grouped by (day, session): {(day, session): entries}."""
    by_key = questions_by_key(survey)
    answers = answers_by_response(responses)
    groups = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0), ""]))
    for pk, day, session_id in responses.order_by().values_list("pk", "submitted_on", "session_id"):
        target = groups[(day, session_id or 0)]
        for entry_key, (count, total, shown) in response_entries(
            by_key, answers.get(pk, [])
        ).items():
            entry = target[entry_key]
            entry[0] += count
            entry[1] += total
            if shown and not entry[2]:
                entry[2] = shown
    return groups


def subtract_responses(survey_id, responses):
    """Take a queryset of one survey's responses out of its tallies (before deleting them)."""
    survey = SurveyPage.objects.get(pk=survey_id)
    for (day, session_id), entries in grouped_entries(survey, responses).items():
        add(survey_id, day, session_id, entries, sign=-1)


@transaction.atomic
def rebuild(survey):
    """Recount the survey's tallies from its raw answers."""
    SurveyTally.objects.filter(survey=survey).delete()
    responses = SurveyResponse.objects.filter(survey=survey)
    for (day, session_id), entries in grouped_entries(survey, responses).items():
        add(survey.pk, day, session_id, entries)


def snapshot(survey):
    """The survey's non-zero tallies as a dict, to compare with a recount."""
    return {
        (t.question_key, t.row_key, t.value, t.day, t.session_id): (t.count, t.total)
        for t in SurveyTally.objects.filter(survey=survey).exclude(count=0)
    }


def count_untallied_surveys(sender=None, **kwargs):
    """After ``migrate``: count the surveys whose responses were stored before tallies existed
    (responses, but no tally at all). Connected to ``post_migrate`` by the app; cheap when
    every survey is counted already."""
    untallied = (
        SurveyResponse.objects.exclude(survey__in=SurveyTally.objects.values("survey"))
        .values_list("survey", flat=True)
        .distinct()
    )
    for survey in SurveyPage.objects.filter(pk__in=list(untallied)):
        rebuild(survey)
