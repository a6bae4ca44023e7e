"""Demo records behind the Season 1 review, and upcoming sessions to register for.

Source: seeds/000_51ed2d3e2602ed80.txt gives the totals only: 49 sessions of which 13
tailor-made, 7 modules, 342 participations and 248 unique participants (January – June 2025).
Everything else is an EXEMPLE FICTIF, marked as such on the site (``is_fictitious`` sessions,
people named « Personne fictive » with example.org addresses, which the pages listing them
mark with the shared « Exemple fictif »): session dates and rooms, who
registered, who came. The records are laid out so that the computed figures are exactly the
seed's. Idempotent; bulk inserts keep it fast; pages an editor saved are never republished.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from pages.demo.seasons import FICTITIOUS_SLUG, MODULES
from pages.models import ModulePage, ModuleSession, SeasonPage
from portal.demo import edited_by_someone
from portal.roles import AGENTS

from .models import Attendance, Registration, RegistrationStatus, attendance_key

PARIS = ZoneInfo("Europe/Paris")

SEASON_ONE_SESSIONS = 49
SEASON_ONE_TAILOR_MADE = 13
SEASON_ONE_PARTICIPATIONS = 342
SEASON_ONE_PARTICIPANTS = 248
PER_SESSION = 7  # 48 sessions of 7 people and one of 6: 342 participations
CAPACITY = 12
# Sessions run at a team's request: every fourth session from the third, and one more (13).
TAILOR_MADE = set(range(2, SEASON_ONE_SESSIONS, 4)) | {47}
PLACE = "Ville de Lyon"
ROOM = "Salle de la coopération"
PERSON_PREFIX = "exemple.participant."
OLD_SUFFIX = " (exemple fictif)"
# EXEMPLE FICTIF: the seeds name no agent's direction or service. Every sixth person gave none
# (« Non renseigné » on the dashboard).
DEMO_SERVICES = (
    "Direction des solidarités (exemple fictif)",
    "Direction de la culture (exemple fictif)",
    "Direction des ressources humaines (exemple fictif)",
    "Service des espaces verts (exemple fictif)",
    "Direction des systèmes d'information (exemple fictif)",
    "",
)


def demo_service(index):
    """The fictitious service of the ``index``-th demo person (always the same one)."""
    return DEMO_SERVICES[index % len(DEMO_SERVICES)]


def session_start(number):
    """EXEMPLE FICTIF: Tuesday morning and Thursday afternoon, from 7 January 2025 (week 1) to
    26 June 2025 (week 25)."""
    tuesday = datetime.date(2025, 1, 7) + datetime.timedelta(weeks=number // 2)
    if number % 2 == 0:
        return datetime.datetime.combine(tuesday, datetime.time(9, 30), tzinfo=PARIS)
    thursday = tuesday + datetime.timedelta(days=2)
    return datetime.datetime.combine(thursday, datetime.time(14, 0), tzinfo=PARIS)


def demo_people(count):
    """``count`` fictitious agents (created once, in bulk, without a usable password)."""
    User = get_user_model()
    names = [f"{PERSON_PREFIX}{number:03d}" for number in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [
        User(
            username=name,
            first_name="Personne fictive",
            last_name=name.rsplit(".", 1)[1],
            email=f"{name}@example.org",
            password="!",  # unusable: these people never sign in
            is_active=True,
        )
        for name in names
        if name not in existing
    ]
    # Demo sites loaded before: the mark is the pages' own (by the example address), not a
    # suffix of the surname.
    User.objects.filter(username__in=existing, last_name__endswith=OLD_SUFFIX).update(
        first_name="Personne fictive", last_name=Replace("last_name", Value(OLD_SUFFIX), Value(""))
    )
    if missing:
        User.objects.bulk_create(missing)
        group, _ = Group.objects.get_or_create(name=AGENTS)
        created = User.objects.filter(username__in=[user.username for user in missing])
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user_id, group_id=group.pk)
            for user_id in created.values_list("pk", flat=True)
        )
    by_name = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    return [by_name[name] for name in names]


def _publish_sessions(module):
    """Record the module's sessions in a revision (so that a later edit keeps them)."""
    module.save_revision().publish()


def _season_module_map(season):
    modules = {module.slug: module for module in ModulePage.objects.child_of(season)}
    return [modules[spec["slug"]] for spec in MODULES if spec["slug"] in modules]


def load_season_one(season, people):
    modules = _season_module_map(season)
    if len(modules) != len(MODULES):
        return False
    if ModuleSession.objects.filter(module__in=modules).exists():
        return False
    if any(edited_by_someone(module) for module in modules):
        return False
    sessions = []
    for number in range(SEASON_ONE_SESSIONS):
        start = session_start(number)
        tailor_made = number in TAILOR_MADE
        sessions.append(
            ModuleSession(
                module=modules[number % len(modules)],
                sort_order=number // len(modules),
                start=start,
                end=start + datetime.timedelta(hours=2),
                place=PLACE,
                room=ROOM,
                capacity=CAPACITY,
                is_tailor_made=tailor_made,
                requesting_team="Une équipe de la Ville (exemple fictif)" if tailor_made else "",
                is_fictitious=True,
            )
        )
    ModuleSession.objects.bulk_create(sessions)
    sessions = list(
        ModuleSession.objects.filter(module__in=modules).order_by("start").only("pk", "start")
    )
    registrations, attendances = [], []
    for participation in range(SEASON_ONE_PARTICIPATIONS):
        session = sessions[participation // PER_SESSION]
        index = participation % SEASON_ONE_PARTICIPANTS
        person = people[index]
        walk_in = participation % 12 == 5  # came without registering
        if not walk_in:
            registrations.append(
                Registration(
                    session=session,
                    user_id=person,
                    status=RegistrationStatus.REGISTERED,
                    service=demo_service(index),
                )
            )
        attendances.append(
            Attendance(
                session=session,
                user_id=person,
                person_key=attendance_key(person),
                present=True,
                walk_in=walk_in,
                service=demo_service(index) if walk_in else "",
            )
        )
    for number, session in enumerate(sessions):
        if number % 3:
            continue
        # A registered person who did not come (counted as a no-show, not a participation).
        index = (PER_SESSION * number + SEASON_ONE_PARTICIPANTS // 2) % len(people)
        person = people[index]
        registrations.append(
            Registration(
                session=session,
                user_id=person,
                status=RegistrationStatus.REGISTERED,
                service=demo_service(index),
            )
        )
        attendances.append(
            Attendance(
                session=session, user_id=person, person_key=attendance_key(person), present=False
            )
        )
    Registration.objects.bulk_create(registrations)
    Attendance.objects.bulk_create(attendances)
    for module in modules:
        _publish_sessions(module)
    return True


def load_upcoming(season, people, now=None):
    """EXEMPLE FICTIF: sessions from next week on, one full with a waiting list, one open to
    partners, one tailor-made for the demo agent's team."""
    now = now or timezone.now()
    modules = list(ModulePage.objects.child_of(season).order_by("path"))
    if not modules or ModuleSession.objects.filter(module__in=modules).exists():
        return False
    if any(edited_by_someone(module) for module in modules):
        return False
    User = get_user_model()
    contact = User.objects.filter(username="agent").first()
    first_day = timezone.localdate(now) + datetime.timedelta(days=7)
    sessions = []
    for number in range(2 * len(modules)):
        day = first_day + datetime.timedelta(days=3 * number)
        start = datetime.datetime.combine(
            day, datetime.time(9, 30) if number % 2 == 0 else datetime.time(14, 0), tzinfo=PARIS
        )
        tailor_made = number == 3 and contact is not None
        sessions.append(
            ModuleSession(
                module=modules[number % len(modules)],
                sort_order=number,
                start=start,
                end=start + datetime.timedelta(hours=2),
                place=PLACE,
                room=ROOM,
                capacity=6 if number == 0 else CAPACITY,
                open_to_partners=number == 1,
                is_tailor_made=tailor_made,
                requesting_team="Une équipe de la Ville (exemple fictif)" if tailor_made else "",
                requesting_contact=contact if tailor_made else None,
                cancellation_deadline=start - datetime.timedelta(days=1),
                is_fictitious=True,
            )
        )
    ModuleSession.objects.bulk_create(sessions)
    sessions = list(ModuleSession.objects.filter(module__in=modules).order_by("start"))
    registrations = []
    # The first session is full (6 places) and two people wait; the others are partly filled.
    for index, person in enumerate(people[:8]):
        waiting = index >= 6
        registrations.append(
            Registration(
                session=sessions[0],
                user_id=person,
                status=RegistrationStatus.WAITING if waiting else RegistrationStatus.REGISTERED,
                rank=index - 5 if waiting else None,
                service=demo_service(index),
            )
        )
    for number, session in enumerate(sessions[1:], start=1):
        first = 10 + number
        for index, person in enumerate(people[first : first + 3 + number % 4], start=first):
            registrations.append(
                Registration(
                    session=session,
                    user_id=person,
                    status=RegistrationStatus.REGISTERED,
                    service=demo_service(index),
                )
            )
    Registration.objects.bulk_create(registrations)
    for module in modules:
        _publish_sessions(module)
    return True


def season_one_attendee_ids(season):
    """The accounts of people who came to a Season 1 session (for the survey's demo answers)."""
    return list(
        Attendance.objects.filter(
            session__module__in=ModulePage.objects.child_of(season), present=True
        )
        .exclude(user=None)
        .values_list("user_id", flat=True)
        .distinct()
    )


@transaction.atomic
def load(stdout=None):
    people = demo_people(SEASON_ONE_PARTICIPANTS)
    season_one = SeasonPage.objects.filter(slug="saison-1").first()
    if season_one is not None and load_season_one(season_one, people) and stdout:
        stdout.write("Saison 1 : 49 sessions, leurs inscriptions et présences (exemple fictif).")
    programme = SeasonPage.objects.filter(slug=FICTITIOUS_SLUG).first()
    if programme is not None and load_upcoming(programme, people) and stdout:
        stdout.write("Sessions à venir (exemple fictif) et leurs inscriptions.")
