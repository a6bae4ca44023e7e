"""Rows of a survey's responses, read in chunks, for portal.exports (one row per response).

Columns: response number, day of submission, day of the linked session when the evaluated
module has sessions, the respondent for identified surveys, then one column per question in the
page's current order, matched by the question's stable key. Multiple answers (checked options,
keywords) are joined with `` | ``.

The columns depend on each survey's questions, so they are built here rather than in a static
django-import-export resource; formula neutralisation, streaming and the export log are
portal.exports' job. Columns are typed (portal.exports.Column): numbers and scales as numbers,
dates as dates, the rest as text. The aggregated results' rows (surveys.results.result_rows)
are typed here too: counts, means and medians as numbers, percentages as percentages.
"""

import queue
import threading
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Aggregate, F, TextField, Value
from django.db.models.functions import Coalesce, Concat, Trim, TruncDate
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from portal.exports import DATE, INTEGER, NUMBER, PERCENT, TEXT, Column
from portal.jobs import JobError
from surveys.filters import ResponseFilterSet
from surveys.models.responses import SurveyResponse
from surveys.results import result_rows

CHUNK_SIZE = 2000
JOINER = " | "


def has_sessions(survey):
    """Whether the export needs a "Séance" column: the evaluated page is a module with sessions."""
    cached = getattr(survey, "_export_has_sessions", None)
    if cached is None:
        cached = bool(survey.evaluated_page_id) and survey.sessions().exists()
        survey._export_has_sessions = cached
    return cached


def response_headers(survey, questions):
    """The typed columns of the responses' export, in the order of :func:`response_rows`."""
    headers = [Column("Réponse n°", INTEGER), Column("Date d'envoi", DATE)]
    if has_sessions(survey):
        headers.append(Column("Séance", DATE))
    if not survey.anonymous:
        headers += [
            Column("Identifiant", TEXT),
            Column("Nom", TEXT),
            Column("Adresse électronique", TEXT),
        ]
    return headers + answer_headers(questions)


def answer_headers(questions):
    """The answer columns, typed by each question's kind: one per question, or as the kind
    says (grid statements, keywords as typed and normalised)."""
    return [
        column for question in questions for column in question.kind_class.export_headers(question)
    ]


RESULT_COLUMNS = [
    Column("Question", TEXT),
    Column("Réponse", TEXT),
    Column("Nombre", NUMBER),
    Column("Pourcentage", PERCENT),
    Column("Forme normalisée", TEXT),
]
NOT_A_NUMBER = {"", "–", "-"}  # how the results pages show a missing mean or percentage


def _shown_number(value):
    """A number as the results page shows it (``1 234,5``, ``14,2 %``) back to a Decimal.

    A percentage becomes a fraction (``14,2 %`` → 0.142). A dash (nothing to show) becomes an
    empty cell; any other text stays text.
    """
    if not isinstance(value, str):
        return value
    text = "".join(value.split())  # also drops no-break spaces (thousands, before %)
    if text in NOT_A_NUMBER:
        return None
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%").replace(",", "."))
    except InvalidOperation:
        return value
    if not number.is_finite():  # "NaN", "Infinity": words, not figures
        return value
    return number / 100 if percent else number


def result_columns():
    return list(RESULT_COLUMNS)


def typed_result_rows(results):
    """The aggregated results' rows (question, answer, count or statistic, percentage, the
    keyword's normalised form), typed.

    The rows are surveys.results.result_rows', with the figures the results page shows: counts
    stay integers, means and medians become numbers, percentages fractions (one decimal of
    percent, as shown), dashes empty cells.
    """
    for question, answer, figure, percent, normalised in result_rows(results):
        yield [question, answer, _shown_number(figure), _shown_number(percent), normalised]


class GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT with the export's separator (answers come in insertion order)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' | ')"
    output_field = TextField()


def joined(expression, ordered=False):
    """The values of one response joined with " | " (in the order given when ``ordered``).

    Also used for single-valued text columns: aggregating one value by concatenation is
    cheaper than MAX(), which compares texts with the database's collation.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        return StringAgg(
            expression,
            delimiter=JOINER,
            order_by="answers__pk" if ordered else (),
            output_field=TextField(),
        )
    return GroupConcat(expression)


def _columns(question):
    """The SQL expressions giving this question's cells for one response (grouped by response):
    the question's kind knows them (choice labels from their keys, keywords as typed…)."""
    return question.kind_class.export_columns(question, joined)


PREFETCH_DEPTH = 2  # chunks read ahead by the worker thread


def _server_cursor_chunks(sql, params, chunk_size):
    """Chunks of rows from a server-side cursor on this thread's connection.

    psycopg hands its typed values over as they are (no per-row Django converters: every
    column is already in its final type). The cursor lives in a read-only transaction so that
    it is not materialised first, as a cursor WITH HOLD would be.
    """
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield rows


def _read_ahead(sql, params, chunk_size):
    """The same chunks, read by a worker thread on its own connection, a few chunks ahead.

    The database computes the next rows while this thread writes the previous ones; the queue
    bounds memory to PREFETCH_DEPTH chunks. When the consumer stops (export finished, client
    gone), the worker stops within a second and closes its connection.
    """
    chunks = queue.Queue(maxsize=PREFETCH_DEPTH)
    stop = threading.Event()
    end = object()

    def put(item):
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def work():
        try:
            for rows in _server_cursor_chunks(sql, params, chunk_size):
                if stop.is_set():
                    break
                put(rows)
        except Exception as error:  # handed over to the consumer, raised there
            put(error)
        finally:
            connection.close()  # this worker thread's own connection
            put(end)

    threading.Thread(target=work, name="survey-export", daemon=True).start()
    try:
        while (item := chunks.get()) is not end:
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()


def _fetch(queryset, chunk_size):
    """Rows of a values_list queryset, streamed from the database ``chunk_size`` at a time.

    On PostgreSQL, outside a transaction (a normal request), a worker thread reads ahead through
    a server-side cursor; inside one (whose uncommitted rows another connection could not see)
    the same cursor is read here. Elsewhere, Django's chunked iterator.
    """
    if connection.vendor != "postgresql":
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    sql, params = queryset.query.sql_with_params()
    if connection.in_atomic_block:
        chunks = _server_cursor_chunks(sql, params, chunk_size)
    else:
        chunks = _read_ahead(sql, params, chunk_size)
    for rows in chunks:
        yield from rows


def response_rows(survey, questions, responses, chunk_size=CHUNK_SIZE):
    """One tuple per response, finished by the database in a single grouped query.

    The answers are grouped by response with one conditional aggregate per question
    (MAX(CASE …) for single values, STRING_AGG/GROUP_CONCAT for multiple ones), read through a
    cursor in chunks: memory holds one chunk, whatever the number of responses.
    """
    columns = {"day": F("submitted_on")}
    if has_sessions(survey):
        columns["session_day"] = TruncDate("session__start")
    if not survey.anonymous:
        columns["login"] = Coalesce("user__username", Value(""))
        columns["name"] = Trim(
            Concat(
                Coalesce("user__first_name", Value("")),
                Value(" "),
                Coalesce("user__last_name", Value("")),
                output_field=TextField(),
            )
        )
        columns["email"] = Coalesce("user__email", Value(""))
    answers = {
        f"q{index}": column
        for index, column in enumerate(
            column for question in questions for column in _columns(question)
        )
    }
    queryset = (
        responses.order_by("pk")
        .values_list("pk")
        .annotate(**columns, **answers)
        .values_list("pk", *columns, *answers)
    )
    return _fetch(queryset, chunk_size)


def responses_table(survey, filterset):
    """``(headers, rows)`` of the responses export: the responses ``filterset`` (a
    :class:`ResponseFilterSet` of ``survey``) selects, one row each, in the page's question
    order. Shared by the request and by the job that writes a big export (portal.exports)."""
    questions = survey.ordered_questions()
    return response_headers(survey, questions), response_rows(survey, questions, filterset.qs)


def responses_export_rows(survey_id, params):
    """:func:`responses_table` for GET parameters as a dict of lists: what an export job
    writes, the rows the request would have streamed."""
    # The survey page's model, without importing the pages layer (which imports the views).
    survey_model = SurveyResponse._meta.get_field("survey").related_model
    survey = survey_model.objects.filter(pk=survey_id).first()
    if survey is None:
        raise JobError(
            _("Ce questionnaire a été supprimé : ses réponses ne peuvent plus être exportées.")
        )
    return responses_table(survey, ResponseFilterSet(MultiValueDict(params), survey))


def answer_lines(response):
    """(column, answer) pairs of one response in the page's question order, for the admin."""
    questions = response.survey.ordered_questions()
    responses = SurveyResponse.objects.filter(pk=response.pk)
    row = next(response_rows(response.survey, questions, responses), None)
    headers = answer_headers(questions)
    if row is None or not headers:
        return []
    labels = [column.header for column in headers]
    return list(zip(labels, row[-len(headers) :], strict=True))
