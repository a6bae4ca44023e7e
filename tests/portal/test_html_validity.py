"""Every page of the demo site is valid HTML: zero errors from the Nu HTML Checker (vnu).

RGAA 8.2 asks for valid code. All pages are rendered by the test client (as an agent, a partner,
the coordination (with its own pages: dashboards, sheets, imports, jobs) and signed out, plus
forms sent back with errors), written to a folder, and checked by a single run of vnu.jar (the
npm package vnu-jar, run by Debian's Java; ``make test`` installs both).
"""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

import pytest

from portal.factories import UserFactory
from portal.roles import AGENTS, COORDINATION, PARTNERS
from tests.demo_pages import SIGNED_OUT_VIEWS, coordination_records, coordination_urls, demo_urls

pytestmark = pytest.mark.django_db

VNU_JAR = Path(django_settings.BASE_DIR) / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_errors(folder):
    """vnu's errors for every .html file of ``folder``, as (file name, line, message)."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("Le validateur HTML manque : lancez `make vnu-deps` (ou `make test`).")
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        (Path(m.get("url", "")).name, m.get("lastLine"), m.get("message"))
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_demo_page_is_valid_html(settings, tmp_path):
    settings.DEBUG = False
    call_command("load_demo_content", "--no-accounts", verbosity=0)
    readers = {
        "agent": UserFactory(username="vnu.agent", role=AGENTS),
        "partenaire": UserFactory(username="vnu.partenaire", role=PARTNERS),
    }
    documents = {}  # file name -> URL

    def keep(label, url, response):
        if response.status_code not in (200, 403) or "text/html" not in response.get(
            "Content-Type", ""
        ):
            return
        name = f"{len(documents):03d}-{label}.html"
        (tmp_path / name).write_bytes(response.content)
        documents[name] = url

    urls = demo_urls()
    for label, person in readers.items():
        client = Client()
        client.force_login(person)
        for url in urls:
            keep(label, url, client.get(url))
    coordination = Client()
    coordination.force_login(UserFactory(username="vnu.coordination.pages", role=COORDINATION))
    for url in urls:
        keep("coordination", url, coordination.get(url))
    for url in coordination_urls() + coordination_records(coordination):
        response = coordination.get(url)
        assert response.status_code == 200, url
        keep("coordination", url, response)
    anonymous = Client()
    for url in SIGNED_OUT_VIEWS:
        keep("anonyme", url, anonymous.get(url))
    # Forms sent back with their errors: the error summary and the invalid fields' ARIA links.
    keep("anonyme", "/connexion/ (erreurs)", anonymous.post("/connexion/", {"username": "x"}))
    agent = Client()
    agent.force_login(readers["agent"])
    keep(
        "agent",
        "/mot-de-passe/changer/ (erreurs)",
        agent.post("/mot-de-passe/changer/", {"old_password": "faux", "new_password1": "a"}),
    )

    keep_tailor_made_pages(keep, readers["agent"])

    assert len(documents) > 60, sorted(documents.values())
    errors = vnu_errors(tmp_path)
    report = [f"{documents.get(name, name)} l.{line} : {message}" for name, line, message in errors]
    assert not report, f"{len(report)} erreur(s) vnu :\n" + "\n".join(sorted(set(report)))


def keep_tailor_made_pages(keep, requester):
    """The coordination's request list and session form (with errors), the contact's page."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from pages.models import ModulePage
    from portal.roles import COORDINATION
    from registrations.models import TailorMadeRequest
    from surveys.models import SurveyPage
    from surveys.submission import save_response

    survey = SurveyPage.objects.get(tailor_made_requests=True)
    question = next(q for q in survey.ordered_questions() if q.kind == "short_text")
    response, _created = save_response(
        survey, requester, [{"question_key": question.key, "text": "Direction des sports"}]
    )
    coordination = Client()
    coordination.force_login(UserFactory(username="vnu.coordination", role=COORDINATION))
    listing = reverse("registrations:requests")
    keep("coordination", listing, coordination.get(listing))
    form_url = reverse("registrations:request_session", args=[response.pk])
    keep("coordination", form_url, coordination.get(form_url))
    keep("coordination", f"{form_url} (erreurs)", coordination.post(form_url, {"place": ""}))
    day = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "module": ModulePage.objects.live().first().pk,
        "day": day.isoformat(),
        "start_time": "09:30",
        "end_time": "11:30",
        "place": "Centre administratif",
        "capacity": "8",
        "requesting_team": "Direction des sports",
    }
    assert coordination.post(form_url, data).status_code == 302
    session = TailorMadeRequest.objects.get(response=response).session
    team_url = reverse("registrations:team", args=[session.pk])
    keep("coordination", team_url, coordination.get(team_url))
    keep("coordination", f"{listing} (après)", coordination.get(listing))
