"""Survey results, computed by the database (GROUP BY / COUNT / AVG), never row by row.

The number of queries depends on the number of questions, not on the number of responses.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Max, Min
from django.utils.formats import number_format

from surveys.models import COUNTED_KINDS, TEXT_KINDS, Answer, QuestionKind, SurveyResponse

PERCENT_SIGN = "\u202f%"  # narrow no-break space before %, as French typography wants
TEXTS_PER_PAGE = 20
MULTI_VALUED_KINDS = {QuestionKind.MULTIPLE, QuestionKind.KEYWORDS}
CLOUD_SIZE = 40
TOP_KEYWORDS = 15


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
    texts: object = None  # a Paginator page of Answer rows

    @property
    def no_answer(self):
        return self.total - self.respondents

    @property
    def kind(self):
        return self.question.kind


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


def compute_results(survey, questions, filters=None, text_pages=None):
    filters = filters or {}
    text_pages = text_pages or {}
    total = filtered_responses(survey, filters).count()
    answers = Answer.objects.filter(**response_lookups(survey, filters, prefix="response__"))
    keys = [question.key for question in questions]

    # One row per response for single-valued questions: a plain COUNT. Multi-valued ones
    # (checked options, keywords) need COUNT(DISTINCT response), on their rows only.
    multi = [q.key for q in questions if q.kind in MULTI_VALUED_KINDS]
    single = [key for key in keys if key not in set(multi)]
    respondents = {}
    for subset, counted in ((single, Count("id")), (multi, Count("response_id", distinct=True))):
        if subset:
            respondents.update(
                answers.filter(question_key__in=subset)
                .values_list("question_key")
                .annotate(n=counted)
                .values_list("question_key", "n")
            )
    results = [
        QuestionResult(question=q, total=total, respondents=respondents.get(q.key, 0))
        for q in questions
    ]
    by_kind = {}
    for result in results:
        by_kind.setdefault(result.kind, []).append(result)

    counted = [r for r in results if r.kind in COUNTED_KINDS or r.kind == QuestionKind.SCALE]
    if counted:
        counts = {}
        for key, choice, n in (
            answers.filter(question_key__in=[r.question.key for r in counted])
            .values_list("question_key", "choice")
            .annotate(n=Count("id"))
            .values_list("question_key", "choice", "n")
        ):
            counts[(key, choice)] = n
        for result in counted:
            _choice_bars(result, counts)

    numeric = by_kind.get(QuestionKind.SCALE, []) + by_kind.get(QuestionKind.NUMBER, [])
    dated = by_kind.get(QuestionKind.DATE, [])
    if numeric or dated:
        stats = {
            row["question_key"]: row
            for row in answers.filter(question_key__in=[r.question.key for r in numeric + dated])
            .values("question_key")
            .annotate(
                mean=Avg("number"),
                low=Min("number"),
                high=Max("number"),
                first=Min("date"),
                last=Max("date"),
            )
        }
        for result in numeric + dated:
            row = stats.get(result.question.key, {})
            result.stats = {
                "mean": format_number(row.get("mean")),
                "low": format_number(row.get("low"), 2),
                "high": format_number(row.get("high"), 2),
                "first": row.get("first"),
                "last": row.get("last"),
            }
        for result in by_kind.get(QuestionKind.SCALE, []):
            result.stats["median"] = format_number(_median_from_bars(result))
        for result in by_kind.get(QuestionKind.NUMBER, []):
            result.stats["median"] = format_number(
                _median_in_db(answers.filter(question_key=result.question.key), result.respondents),
                2,
            )

    keyword_results = by_kind.get(QuestionKind.KEYWORDS, [])
    if keyword_results:
        grouped = {}
        # Grouped on the normalised form; shown in one of the spellings people typed, so that
        # "Écoute", "ecoute " and "ÉCOUTE" count together and read "écoute".
        for key, _keyword, shown, n in (
            answers.filter(question_key__in=[r.question.key for r in keyword_results])
            .exclude(keyword="")
            .values_list("question_key", "keyword")
            .annotate(shown=Max("text"), n=Count("id"))
            .order_by("question_key", "-n", "keyword")
            .values_list("question_key", "keyword", "shown", "n")
        ):
            grouped.setdefault(key, []).append((" ".join(shown.lower().split()), n))
        for result in keyword_results:
            result.keywords = _keyword_cloud(grouped.get(result.question.key, []), total)

    for result in results:
        if result.kind in TEXT_KINDS:
            texts = (
                answers.filter(question_key=result.question.key)
                .exclude(text="")
                .order_by("-response__submitted_at", "-pk")
                .only("text")
            )
            paginator = Paginator(texts, TEXTS_PER_PAGE)
            # One stored text per respondent: the count is known, no COUNT(*) to run.
            paginator.__dict__["count"] = result.respondents
            result.texts = paginator.get_page(text_pages.get(result.question.field_name))
    return SurveyResults(total=total, questions=results)


def _choice_bars(result, counts):
    question = result.question
    labels = question.choice_list()
    if question.allow_other:
        from surveys.models import OTHER_LABEL

        labels = [*labels, OTHER_LABEL]
    total = result.total
    bars = []
    for label in labels:
        n = counts.get((question.key, label), 0)
        bars.append(Bar(label, n, format_percent(n, total), n / total if total else 0))
    # Answers to a choice that an editor has since removed stay visible, under their label.
    known = set(labels)
    for (key, label), n in sorted(counts.items(), key=lambda item: str(item[0][1])):
        if key == question.key and label not in known:
            bars.append(Bar(label, n, format_percent(n, total), n / total if total else 0))
    no_answer = result.no_answer
    bars.append(
        Bar(
            "Sans réponse",
            no_answer,
            format_percent(no_answer, total),
            no_answer / total if total else 0,
            is_no_answer=True,
        )
    )
    result.bars = bars


def _median_from_bars(result):
    values = [(int(bar.label), bar.count) for bar in result.bars if not bar.is_no_answer]
    count = sum(n for _, n in values)
    if not count:
        return None
    cumulative = 0
    low_target, high_target = (count + 1) // 2, count // 2 + 1
    low = high = None
    for value, n in sorted(values):
        cumulative += n
        if low is None and cumulative >= low_target:
            low = value
        if high is None and cumulative >= high_target:
            high = value
            break
    return (Decimal(low) + Decimal(high)) / 2


def _median_in_db(answers, count):
    """Median without loading the values: read the one or two middle rows by offset."""
    values = answers.exclude(number=None).order_by("number").values_list("number", flat=True)
    if not count:
        return None
    middle = list(values[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle)


def _keyword_cloud(pairs, total):
    """Top keywords with a weight from 1 to 5, shown as text sizes; alphabetical for the cloud."""
    top = pairs[:CLOUD_SIZE]
    if not top:
        return []
    highest = top[0][1]
    cloud = []
    for keyword, n in top:
        weight = 1 + round(4 * (n - 1) / (highest - 1)) if highest > 1 else 3
        cloud.append(
            {
                "keyword": keyword,
                "count": n,
                "weight": weight,
                "percent": format_percent(n, total),
            }
        )
    return cloud


def result_rows(results):
    """Aggregated results as flat rows (question, answer, count, percentage) for downloads."""
    for result in results.questions:
        label = result.question.label
        for bar in result.bars:
            yield [label, bar.label, bar.count, bar.percent]
        for item in result.keywords:
            yield [label, item["keyword"], item["count"], item["percent"]]
        if result.stats:
            for name, value in (
                ("Moyenne", result.stats.get("mean")),
                ("Médiane", result.stats.get("median")),
            ):
                if value is not None:
                    yield [label, name, value, ""]
        if result.kind in TEXT_KINDS or result.kind in (QuestionKind.NUMBER, QuestionKind.DATE):
            yield [
                label,
                "Réponses",
                result.respondents,
                format_percent(result.respondents, result.total),
            ]
            yield [
                label,
                "Sans réponse",
                result.no_answer,
                format_percent(result.no_answer, result.total),
            ]
