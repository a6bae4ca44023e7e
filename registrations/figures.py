"""A season's key figures, computed from what happened (sessions held, attendance, survey).

Nothing here is typed by an editor: sessions held (and tailor-made among them), modules that
held at least one session, participations (people marked present, walk-ins included), unique
participants (distinct people) and the usefulness share read from the season's survey through
the surveys' own results code. A figure with no record behind it is ``None`` (shown « — »).
A constant number of queries, whatever the number of sessions and people.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from pages.models import ModuleSession
from surveys.models import QuestionKind, SurveyPage
from surveys.results import compute_results

from .models import UNKNOWN_SERVICE, Attendance, Registration, RegistrationStatus

USEFULNESS_KINDS = (QuestionKind.SINGLE, QuestionKind.YES_NO)


@dataclass
class SeasonFigures:
    sessions_held: int | None = None
    tailor_made: int | None = None
    modules_with_sessions: int | None = None
    participations: int | None = None
    unique_participants: int | None = None
    useful_share: str | None = None
    survey_question: str = ""
    survey_bars: list = field(default_factory=list)
    survey_total: int = 0
    from_fictitious_records: bool = False

    @property
    def has_any(self):
        return any(
            value is not None
            for value in (self.sessions_held, self.participations, self.useful_share)
        )


def season_sessions(season):
    """Sessions of the season's live modules (children of the season page)."""
    return ModuleSession.objects.filter(
        module__path__startswith=season.path,
        module__depth=season.depth + 1,
        module__live=True,
    )


def season_survey(season):
    """The live survey that evaluates the season (its satisfaction survey), if any."""
    return (
        SurveyPage.objects.live()
        .filter(evaluated_page_id=season.pk)
        .order_by("-first_published_at", "-pk")
        .first()
    )


def usefulness(survey):
    """(question label, share of the first choice, bars, total) of the survey's first choice
    question — « Oui » to « … va vous être utile ? » — or Nones when there is nothing to show
    (no such question, or an anonymous survey below its minimum of responses)."""
    question = next((q for q in survey.ordered_questions() if q.kind in USEFULNESS_KINDS), None)
    if question is None:
        return None, None, [], 0
    results = compute_results(survey, [question])
    if not results.total:
        return question.label, None, [], 0
    if survey.anonymous and results.total < survey.min_responses_for_results:
        return question.label, None, [], results.total
    bars = [bar for bar in results.questions[0].bars if not bar.is_no_answer]
    share = bars[0].percent if bars else None
    return question.label, share, bars, results.total


def compute_season_figures(season, now=None):
    now = now or timezone.now()
    held = season_sessions(season).filter(end__lt=now)
    counts = held.aggregate(
        sessions=Count("pk"),
        tailor_made=Count("pk", filter=Q(is_tailor_made=True)),
        modules=Count("module", distinct=True),
        fictitious=Count("pk", filter=Q(is_fictitious=True)),
    )
    figures = SeasonFigures()
    if counts["sessions"]:
        figures.sessions_held = counts["sessions"]
        figures.tailor_made = counts["tailor_made"]
        figures.modules_with_sessions = counts["modules"]
        figures.from_fictitious_records = bool(counts["fictitious"])
        marked = Attendance.objects.filter(session__in=held.values("pk")).aggregate(
            n_rows=Count("pk"),
            n_present=Count("pk", filter=Q(present=True)),
            n_people=Count("person_key", distinct=True, filter=Q(present=True)),
        )
        if marked["n_rows"]:
            figures.participations = marked["n_present"]
            figures.unique_participants = marked["n_people"]
    survey = season_survey(season)
    if survey is not None:
        label, share, bars, total = usefulness(survey)
        figures.survey_question = label or ""
        figures.useful_share = share
        figures.survey_bars = bars
        figures.survey_total = total
    return figures


@dataclass
class SessionRow:
    session: object
    registered: int
    waiting: int
    cancelled: int
    present: int
    walk_ins: int
    no_shows: int

    @property
    def fill_rate(self):
        if not self.session.capacity:
            return None
        return self.registered / self.session.capacity

    @property
    def no_show_rate(self):
        marked = self.present - self.walk_ins + self.no_shows
        if not marked:
            return None
        return self.no_shows / marked


def dashboard_rows(season):
    """One row per session of the season with its registrations and attendance, in 2 queries."""
    sessions = (
        season_sessions(season)
        .select_related("module")
        .annotate(
            n_registered=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            n_waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
            n_cancelled=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CANCELLED),
                distinct=True,
            ),
        )
        .order_by("module__path", "start")
    )
    attendance = {
        row["session_id"]: row
        for row in Attendance.objects.filter(session__in=season_sessions(season).values("pk"))
        .values("session_id")
        .annotate(
            n_present=Count("pk", filter=Q(present=True)),
            n_absent=Count("pk", filter=Q(present=False)),
            n_walk_ins=Count("pk", filter=Q(present=True, walk_in=True)),
        )
    }
    rows = []
    for session in sessions:
        marks = attendance.get(session.pk, {})
        rows.append(
            SessionRow(
                session=session,
                registered=session.n_registered,
                waiting=session.n_waiting,
                cancelled=session.n_cancelled,
                present=marks.get("n_present", 0),
                walk_ins=marks.get("n_walk_ins", 0),
                no_shows=marks.get("n_absent", 0),
            )
        )
    return rows


@dataclass
class ServiceRow:
    name: str
    participants: int
    unknown: bool = False


def participants_by_service(season, now=None):
    """Unique participants of the season's held sessions by direction or service, in one query.

    Each participant (a distinct person present, as counted by ``unique_participants``) is
    counted once, under the service given for the latest session they attended: the one they
    typed when registering, or the one written on the sheet for a walk-in. Spellings that differ
    only by case are one service, shown as it was most often written. Nobody gave one: « Non
    renseigné », listed last. The rows add up to the unique participants.
    """
    now = now or timezone.now()
    held = season_sessions(season).filter(end__lt=now)
    registered_service = (
        Registration.objects.filter(session_id=OuterRef("session_id"), user_id=OuterRef("user_id"))
        .exclude(service="")
        .order_by("-created", "-pk")
        .values("service")[:1]
    )
    latest, spellings = {}, {}
    for person_key, own, registered, start in (
        Attendance.objects.filter(session__in=held.values("pk"), present=True)
        .annotate(registered_service=Subquery(registered_service))
        .values_list("person_key", "service", "registered_service", "session__start")
    ):
        service = own or registered or ""
        if service:
            spellings.setdefault(service.casefold(), Counter())[service] += 1
        known = latest.get(person_key)
        # The latest session with a service wins; without any, the person stays unknown.
        if known is None or (service and (not known[1] or start > known[0])):
            latest[person_key] = (start, service)
    counts = Counter(service.casefold() for _start, service in latest.values())
    unknown = counts.pop("", 0)
    rows = [
        ServiceRow(
            name=min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0],
            participants=count,
        )
        for key, count in counts.items()
    ]
    rows.sort(key=lambda row: (-row.participants, row.name.casefold()))
    if unknown:
        rows.append(ServiceRow(name=str(UNKNOWN_SERVICE), participants=unknown, unknown=True))
    return rows
