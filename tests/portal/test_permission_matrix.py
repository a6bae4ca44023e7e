"""The permission matrix, generated: every URL of the portal × every kind of user.

URLs come from three sources, so that a new one cannot slip by unclassified:
- the URL resolver (the portal's own views and the admin views of the project's models): each
  URL name must appear in ``PORTAL_RULES`` or ``ADMIN_RULES`` (or ``NOT_HERE``, with the test
  that covers it), or this test fails until someone classifies it;
- the live page tree of the demo site, with each routable page's fixed sub-URLs.

Each cell is checked against the expected outcome: ``ok`` (200), ``login`` (sent to the sign-in
page), ``refused`` (403, or the admin's redirect away from a view it refuses), or ``any`` (any
status below 500, for views whose answer depends on their data). No cell may answer 5xx, and
no partner or role-less response may contain a marker of hidden content (names of contacts and
organisations not visible to partners, titles of pages not visible to partners).
"""

import re

from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from portal.factories import UserFactory
from portal.roles import AGENTS, COMMUNICATION, COORDINATION, PARTNERS

pytestmark = pytest.mark.django_db

KINDS = ["anonymous", "no_role", "partner", "agent", "communication", "coordination", "superuser"]
READERS = {"partner", "agent", "communication", "coordination", "superuser"}
INTERNAL = {"agent", "communication", "coordination", "superuser"}

# Portal views: URL name -> the kinds answered 200 (everyone else: the expected refusal).
PUBLIC = set(KINDS)
PORTAL_RULES = {
    "healthz": PUBLIC,
    "login": {"anonymous"},  # signed-in people are sent on (redirect_authenticated_user)
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_complete": PUBLIC,
    # Wagtail's private-page login shows its form to anyone but a role-less account.
    "wagtailcore_login": PUBLIC - {"no_role"},
    "password_change": READERS | {"no_role"},
    "password_change_done": READERS | {"no_role"},
    "search": READERS,
    "job_list": READERS,
    # Registrations: one's own list; attendance sheets and the season dashboard (coordination
    # here; a module's facilitators too, tested in tests/registrations/test_attendance.py).
    "mine": READERS,
    "attendance": {"coordination", "superuser"},
    "sign_sheet": {"coordination", "superuser"},
    "dashboard": {"coordination", "superuser"},
    "dashboard_export": {"coordination", "superuser"},
    "dashboard_services_export": {"coordination", "superuser"},
    # Tailor-made workshop requests, for the coordination to turn into sessions.
    "requests": {"coordination", "superuser"},
}
# Admin views of the project's models: URL name (or its prefix) -> kinds answered 200.
STAFF = {"coordination", "superuser"}
ADMIN_RULES = {
    "experiences_organisation_modeladmin_": STAFF,
    "experiences_contact_modeladmin_": STAFF,
    "experiences_territory_modeladmin_": STAFF,
    "experiences_export": STAFF,
    "experiences_import": STAFF,
    "surveys_surveyresponse_modeladmin_index": STAFF,
    "surveys_surveyresponse_modeladmin_inspect": STAFF,
    "surveys_surveyresponse_modeladmin_history": STAFF,
    # Coordination deletes a response on request (RGPD); nobody creates or edits one here.
    "surveys_surveyresponse_modeladmin_delete": STAFF,
    "surveys_surveyresponse_modeladmin_": set(),
    "portal_exportlog_modeladmin_index": STAFF,
    "portal_exportlog_modeladmin_inspect": STAFF,
    "portal_exportlog_modeladmin_history": STAFF,
    "portal_exportlog_modeladmin_": set(),
    # Registrations and attendance: read-only listings (and their exports) for the coordination.
    "registrations_registration_modeladmin_index": STAFF,
    "registrations_registration_modeladmin_history": STAFF,
    "registrations_registration_modeladmin_": set(),
    "registrations_attendance_modeladmin_index": STAFF,
    "registrations_attendance_modeladmin_history": STAFF,
    "registrations_attendance_modeladmin_": set(),
    "registrations_export": STAFF,
    "portal_failed_tasks": {"superuser"},
    "portal_locked_sign_ins": STAFF,
}
# Checked elsewhere, with the data they need.
NOT_HERE = {
    "favicon": "a redirect to the static icon, for everyone: tests/portal/test_layout.py",
    "logout": "POST only: tests/portal/test_closed_by_default.py",
    "password_reset_confirm": "token links: Django's own view",
    "accessibility_statement": "a redirect to the statement page, checked in the page tree",
    "job_detail": "one's own jobs: tests/portal/test_jobs.py",
    "job_state": "one's own jobs: tests/portal/test_jobs.py",
    "job_rerun": "POST only: tests/portal/test_jobs.py",
    "job_file": "one's own export files: tests/portal/test_export_jobs.py",
    "experiences_import_confirm": "POST only: tests/experiences/test_imports.py",
    "experiences_import_run": "one's own imports: tests/experiences/test_imports.py",
    "wagtaildocs_serve": "tests/portal/test_closed_by_default.py (documents)",
    "wagtaildocs_authenticate_with_password": "Wagtail's privacy form (POST)",
    "wagtailcore_authenticate_with_password": "Wagtail's privacy form (POST)",
    "media": "tests/portal/test_production.py",
    "register": "POST only: tests/registrations/test_registering.py",
    "cancel": "POST only: tests/registrations/test_registering.py",
    "walk_in": "POST only: tests/registrations/test_attendance.py",
    "feed_reset": "POST only: tests/registrations/test_figures_and_calendars.py",
    "feed": "private token: tests/registrations/test_figures_and_calendars.py",
    "season_feed": "private token: tests/registrations/test_figures_and_calendars.py",
    "session_ics": "per session audience: tests/registrations/test_figures_and_calendars.py",
    "season_ics": "per season audience: tests/registrations/test_figures_and_calendars.py",
    "request_session": "per request: tests/registrations/test_tailor_made.py",
    "team": "per tailor-made session and its contact: tests/registrations/test_tailor_made.py",
    "wagtail_serve": "the live page tree, below",
}
PROJECT_PREFIXES = ("experiences_", "surveys_", "portal_", "pages_", "home_", "registrations_")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def rule_for(name):
    if name in PORTAL_RULES:
        return PORTAL_RULES[name]
    if name in ADMIN_RULES:
        return ADMIN_RULES[name]
    for prefix, kinds in ADMIN_RULES.items():
        if prefix.endswith("_") and name.startswith(prefix):
            return kinds
    return None


def concrete(route, ids):
    """A real URL for a resolver route: regex groups and converters filled with real ids."""
    path = "/" + route.replace("^", "").replace("$", "")
    model = re.search(r"(experiences|surveys|portal|registrations)/(\w+)/", path)
    path = re.sub(r"\(\?P<instance_pk>[^)]*\)", str(ids.get(model and model.group(2), 0)), path)
    model_name = "registration" if path.startswith("/admin/inscriptions/") else "contact"
    path = path.replace("<str:model_name>", model_name).replace("<str:fmt>", "csv")
    path = path.replace("<int:session_id>", str(ids.get("session", 0)))
    path = path.replace("<int:season_id>", str(ids.get("season", 0)))
    return path


def users():
    def user(kind, **fields):
        return UserFactory(username=f"matrice.{kind}", **fields)

    return {
        "anonymous": None,
        "no_role": user("no_role"),
        "partner": user("partner", role=PARTNERS),
        "agent": user("agent", role=AGENTS),
        "communication": user("communication", role=COMMUNICATION),
        "coordination": user("coordination", role=COORDINATION),
        "superuser": user("superuser", is_superuser=True, is_staff=True),
    }


def outcome(response):
    if response.status_code >= 500:
        return "5xx"
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302 and "/connexion/" in response.get("Location", ""):
        return "login"
    return "refused"


def test_every_url_for_every_kind_of_user(settings):
    from wagtail.models import Page

    from experiences.models import Contact, Organisation, Territory
    from pages.models import ModuleSession, SeasonPage
    from portal.models import ExportLog
    from registrations.models import Attendance, Registration
    from surveys.models import SurveyResponse

    settings.DEBUG = False
    call_command("load_demo_content", "--no-accounts", verbosity=0)
    people = users()
    ExportLog.objects.create(username="matrice", what="contacts", format="csv", row_count=1)
    ids = {
        "contact": Contact.objects.order_by("pk").first().pk,
        "organisation": Organisation.objects.order_by("pk").first().pk,
        "territory": Territory.objects.order_by("pk").first().pk,
        "surveyresponse": SurveyResponse.objects.order_by("pk").first().pk,
        "exportlog": ExportLog.objects.order_by("pk").first().pk,
        "session": ModuleSession.objects.order_by("pk").first().pk,
        "registration": Registration.objects.order_by("pk").first().pk,
        "attendance": Attendance.objects.order_by("pk").first().pk,
        "season": SeasonPage.objects.get(slug="saison-1").pk,
    }

    cells = []  # (url, expected kinds with 200 or None for "any")
    unclassified = []
    for route, name in walk(get_resolver().url_patterns):
        if name in NOT_HERE:
            continue
        is_admin = route.startswith("admin/")
        if is_admin and not (name or "").startswith(PROJECT_PREFIXES):
            continue  # Wagtail's own admin views: Wagtail's permission policies
        kinds = rule_for(name)
        if kinds is None:
            unclassified.append(f"{route} ({name})")
            continue
        cells.append((concrete(route, ids), kinds, is_admin))
    assert not unclassified, "URL à classer dans la matrice : " + ", ".join(unclassified)

    hidden_markers = set()
    for model in (Contact, Organisation):
        for record in model.objects.filter(visible_to_partners=False):
            hidden_markers.add(getattr(record, "full_name", None) or record.name)
    pages = Page.objects.live().filter(depth__gte=2).specific().order_by("path")
    visible_titles = {p.title for p in pages if getattr(p, "visible_to_partners", True)}
    for page in pages:
        if not getattr(page, "visible_to_partners", True) and page.title not in visible_titles:
            hidden_markers.add(page.title)
        urls = [(page.url, None)]
        for route in getattr(page, "get_subpage_urls", lambda: [])():
            sub = str(route.pattern).lstrip("^").rstrip("$")
            if sub and "<" not in sub and "(" not in sub:
                urls.append((page.url + sub, route.name))
        for url, route_name in urls:
            if route_name == "remind":
                # A survey's one reminder, by the coordination: tests/surveys/test_reminders.py.
                cells.append((url, STAFF, False))
            elif route_name == "results" and page.results_visibility != "readers":
                # Results kept for the coordination (the matrix's people have not answered).
                cells.append((url, STAFF, False))
            elif getattr(page, "visible_to_partners", True):
                cells.append((url, None, False))  # every reader: 200
            else:
                cells.append((url, None, "internal"))

    assert len(cells) > 80, len(cells)  # the demo site and the project's admin views
    failures = []
    for kind, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        for url, kinds, flag in cells:
            response = client.get(url)
            got = outcome(response)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            if got == "5xx":
                failures.append(f"{kind} {url}: {response.status_code}")
                continue
            if kind in ("partner", "no_role"):
                leaked = [m for m in hidden_markers if m and m in body]
                if leaked:
                    failures.append(f"{kind} {url}: contenu caché visible {leaked}")
            if kinds is None:
                expected_ok = kind in (INTERNAL if flag == "internal" else READERS)
                if kind == "anonymous":
                    expected = "login"
                elif kind == "no_role" or not expected_ok:
                    expected = "refused"
                else:
                    expected = "ok"
                if expected is not None and got != expected:
                    failures.append(f"{kind} {url}: {got} (attendu {expected})")
                continue
            if kind in kinds:
                expected = "ok"
            elif kind == "anonymous":
                expected = "login"
            else:
                expected = "refused"
            if got != expected:
                failures.append(f"{kind} {url}: {got} (attendu {expected})")
    assert not failures, f"{len(failures)} cellule(s) en défaut :\n" + "\n".join(failures)
