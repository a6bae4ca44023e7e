"""Survey results, read from the per-survey tallies (surveys/models/responses.py) or, for checks and
the benchmark, recounted from the raw answers by the database (GROUP BY / COUNT).

Either way the counts reach the question's kind (surveys/kinds.py), which builds its bars,
grids, statistics or keywords. The number of queries depends on neither the number of
questions nor the number of responses.
"""

import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Max, Sum
from django.utils.formats import number_format

from surveys.models.responses import ANSWER_FIELDS, Answer, SurveyResponse, SurveyTally

PERCENT_SIGN = "\u202f%"  # narrow no-break space before %, as French typography wants
TEXTS_PER_PAGE = 20


def format_percent(count, total):
    """``85 %``, ``14,2 %``, ``0 %``: one decimal, French comma, dropped when it is zero."""
    if not total:
        return "0" + PERCENT_SIGN
    value = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = str(value.to_integral_value()) if value == value.to_integral_value() else str(value)
    return text.replace(".", ",") + PERCENT_SIGN


def format_number(value, decimals=1):
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if value == value.to_integral_value():
        return number_format(value.to_integral_value(), force_grouping=True)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@dataclass
class Bar:
    label: str
    count: int
    percent: str
    ratio: float  # 0..1, for the bar's length
    is_no_answer: bool = False


@dataclass
class QuestionResult:
    question: object
    total: int
    respondents: int = 0
    bars: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    keywords: list = field(default_factory=list)
    cloud: list = field(default_factory=list)  # the keywords in French alphabetical order
    grid: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    texts: object = None  # a Paginator page of Answer rows

    @property
    def no_answer(self):
        return self.total - self.respondents

    @property
    def kind(self):
        return self.question.kind

    def format_percent(self, count):
        return format_percent(count, self.total)

    def format_number(self, value, decimals=1):
        return format_number(value, decimals)

    def add_bar(self, label, count, is_no_answer=False):
        total = self.total
        self.bars.append(
            Bar(
                label,
                count,
                format_percent(count, total),
                count / total if total else 0,
                is_no_answer,
            )
        )


@dataclass
class SurveyResults:
    total: int
    questions: list


def filtered_responses(survey, filters=None):
    """Responses of ``survey`` matching the filters (``date_from``, ``date_to``, ``session``)."""
    return SurveyResponse.objects.filter(**response_lookups(survey, filters or {}))


def response_lookups(survey, filters, prefix=""):
    lookups = {f"{prefix}survey": survey}
    if filters.get("date_from"):
        lookups[f"{prefix}submitted_on__gte"] = filters["date_from"]
    if filters.get("date_to"):
        lookups[f"{prefix}submitted_on__lte"] = filters["date_to"]
    if filters.get("session"):
        lookups[f"{prefix}session"] = filters["session"]
    return lookups


def tally_counts(survey, filters):
    """{(question hex, row_key, value): [count, total, shown]} summed over days/sessions."""
    lookups = {"survey": survey}
    if filters.get("date_from"):
        lookups["day__gte"] = filters["date_from"]
    if filters.get("date_to"):
        lookups["day__lte"] = filters["date_to"]
    if filters.get("session"):
        lookups["session_id"] = filters["session"].pk
    counts = {}
    for key, row, value, n, total, shown in (
        SurveyTally.objects.filter(**lookups)
        .values_list("question_key", "row_key", "value")
        .annotate(n=Sum("count"), t=Sum("total"), s=Max("shown"))
        .values_list("question_key", "row_key", "value", "n", "t", "s")
    ):
        if n:
            counts[(key, row, value)] = [n, total, shown]
    return counts


def raw_counts(survey, questions, filters):
    """The same counts as :func:`tally_counts`, recounted from the raw answers."""
    total = filtered_responses(survey, filters).count()
    counts = {("", "", ""): [total, 0, ""]} if total else {}
    answers = Answer.objects.filter(**response_lookups(survey, filters, prefix="response__"))
    by_key = {question.key: question for question in questions}
    for key, n in (
        answers.filter(question_key__in=list(by_key))
        .values_list("question_key")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_key", "n")
    ):
        counts[(key.hex, "", "")] = [n, 0, ""]
    fields = [name for name in ANSWER_FIELDS if name != "text"]
    for row in (
        answers.filter(question_key__in=list(by_key))
        .values(*fields)
        .annotate(n=Count("id"), shown=Max("text"))
        .order_by()
    ):
        question = by_key[row["question_key"]]
        counted = question.kind_class.tally(question, {**row, "text": row["shown"] or ""})
        if counted is None:
            continue
        row_key, value, number, shown = counted
        entry = counts.setdefault((question.key.hex, row_key, str(value)), [0, Decimal(0), ""])
        entry[0] += row["n"]
        if number is not None:
            entry[1] += Decimal(number) * row["n"]
        entry[2] = max(entry[2], shown)
    return counts


def compute_results(survey, questions, filters=None, text_pages=None, source="tallies"):
    filters = filters or {}
    text_pages = text_pages or {}
    if source == "tallies":
        counts = tally_counts(survey, filters)
    else:
        counts = raw_counts(survey, questions, filters)
    total = counts.get(("", "", ""), [0])[0]
    results = []
    for question in questions:
        hex_key = question.key.hex
        result = QuestionResult(
            question=question,
            total=total,
            respondents=counts.get((hex_key, "", ""), [0])[0],
        )
        own = {(row, value): entry for (key, row, value), entry in counts.items() if key == hex_key}
        kind = question.kind_class
        kind.build_result(result, own)
        results.append(result)
    _texts_pages(
        survey,
        filters,
        [r for r in results if getattr(r.question.kind_class, "text", False)],
        text_pages,
    )
    return SurveyResults(total=total, questions=results)


def _union_all(querysets):
    """Rows of sliced and ordered querysets in one query, on every database: each slice is
    wrapped in a subquery (SQLite refuses ORDER BY and LIMIT inside a compound SELECT, which
    is what ``QuerySet.union`` would write)."""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


@dataclass
class Text:
    text: str


def _texts_pages(survey, filters, text_results, text_pages):
    """The requested page of written answers of each text question, most recent first, in
    one query (a UNION of one slice per question)."""
    if not text_results:
        return
    slices = []
    for result in text_results:
        texts = Answer.objects.filter(question_key=result.question.key).exclude(text="")
        if filters:
            texts = texts.filter(**response_lookups(survey, filters, prefix="response__"))
        paginator = Paginator(texts.order_by("-pk"), TEXTS_PER_PAGE)
        # One stored text per respondent: the count is known, no COUNT(*) to run.
        paginator.__dict__["count"] = result.respondents
        raw = text_pages.get(result.question.field_name)
        try:
            number = paginator.validate_number(raw or 1)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = paginator.num_pages
        bottom = (number - 1) * TEXTS_PER_PAGE
        # Most recent first (answers are written with their response, so by id).
        slices.append(
            texts.order_by("-pk").values_list("question_key", "pk", "text")[
                bottom : bottom + TEXTS_PER_PAGE
            ]
        )
        result.texts = (paginator, number)
    by_key = {}
    for key, pk, text in _union_all(slices):
        by_key.setdefault(uuid.UUID(str(key)), []).append((pk, text))
    for result in text_results:
        paginator, number = result.texts
        found = sorted(by_key.get(result.question.key, []), reverse=True)
        result.texts = Page([Text(text) for _pk, text in found], number, paginator)


def result_rows(results):
    """Aggregated results as flat rows (question, answer, count, percentage, normalised
    keyword) for downloads, from each question's kind."""
    for result in results.questions:
        for line in result.question.kind_class.result_lines(result):
            yield [*line, *[""] * (5 - len(line))]
