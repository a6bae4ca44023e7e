"""Rows of a survey's responses, read in chunks, for portal.exports (one row per response).

Columns: response number, submission date (day only for anonymous surveys), linked session when
the survey has one, the respondent for identified surveys, then one column per question in the
page's current order, matched by the question's stable key. Multiple answers (checked options,
keywords) are joined with `` | ``.

The columns depend on each survey's questions, so they are built here rather than in a static
django-import-export resource; formula neutralisation, streaming and the export log are
portal.exports' job.
"""

from django.db import connection
from django.db.models import Aggregate, Case, F, Max, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from surveys.models import QuestionKind, SurveyResponse

CHUNK_SIZE = 2000
JOINER = " | "


def has_session_field():
    return any(f.name == "session" for f in SurveyResponse._meta.get_fields())


def response_headers(survey, questions):
    headers = ["Réponse n°", "Date d'envoi"]
    if has_session_field():
        headers.append("Séance")
    if not survey.anonymous:
        headers += ["Identifiant", "Nom", "Adresse électronique"]
    headers += [question.label for question in questions]
    return headers


class GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT with the export's separator (answers come in insertion order)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' | ')"
    output_field = TextField()


def joined(expression):
    """Several values of one response joined with " | ", in the order they were given."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        return StringAgg(expression, delimiter=JOINER, order_by="answers__pk",
                         output_field=TextField())
    return GroupConcat(expression)


def _column(question):
    """The SQL expression giving this question's answer for one response (grouped by response)."""
    here = Q(answers__question_key=question.key)
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO):
        value = Case(
            When(answers__is_other=True, then=Concat(
                "answers__choice", Value(" : "), "answers__text", output_field=TextField()
            )),
            default=F("answers__choice"),
            output_field=TextField(),
        )
        if kind == QuestionKind.MULTIPLE:
            return joined(Case(When(here, then=value)))
        return Max(Case(When(here, then=value)))
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return Max(Case(When(here, then="answers__number")))
    if kind == QuestionKind.DATE:
        return Max(Case(When(here, then="answers__date")))
    if kind == QuestionKind.KEYWORDS:
        return joined(Case(When(here, then="answers__keyword")))
    return Max(Case(When(here, then="answers__text")))


def response_rows(survey, questions, responses, chunk_size=CHUNK_SIZE):
    """Yield one list per response, one SQL query per chunk of responses.

    Each query groups the chunk's answers by response with one conditional aggregate per
    question (MAX(CASE …) for single values, STRING_AGG for multiple ones), so the database
    hands back finished rows and memory holds one chunk at a time.
    """
    with_session = has_session_field()
    response_fields = ["pk", "submitted_at"]
    if with_session:
        response_fields.append("session__start")
    if not survey.anonymous:
        response_fields += ["user__username", "user__first_name", "user__last_name",
                            "user__email"]
    columns = {f"q{index}": _column(question) for index, question in enumerate(questions)}
    scales = [i for i, q in enumerate(questions) if q.kind == QuestionKind.SCALE]
    fixed = len(response_fields)
    base = (
        responses.order_by("pk")
        .values_list(*response_fields)
        .annotate(**columns)
        .values_list(*response_fields, *columns)
    )
    last_pk = 0
    while True:
        chunk = list(base.filter(pk__gt=last_pk)[:chunk_size])
        if not chunk:
            return
        last_pk = chunk[-1][0]
        for row in chunk:
            when = timezone.localtime(row[1])
            out = [row[0], when.date() if survey.anonymous else when.replace(tzinfo=None)]
            position = 2
            if with_session:
                start = row[2]
                out.append(timezone.localtime(start).replace(tzinfo=None) if start else None)
                position = 3
            if not survey.anonymous:
                username, first, last, email = row[position : position + 4]
                out += [username or "", f"{first or ''} {last or ''}".strip(), email or ""]
            answers = list(row[fixed:])
            for index in scales:
                if answers[index] is not None:
                    answers[index] = int(answers[index])
            out += answers
            yield out
