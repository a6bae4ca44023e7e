"""Every page of the demo site is valid HTML: zero errors from the Nu HTML Checker (vnu).

RGAA 8.2 asks for valid code. All pages are rendered by the test client (as an agent, a partner
and signed out, plus forms sent back with errors), written to a folder, and checked by a single
run of vnu.jar (the npm package vnu-jar, run by Debian's Java; ``make test`` installs both).
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
from portal.roles import AGENTS, PARTNERS
from tests.demo_pages import SIGNED_OUT_VIEWS, demo_urls

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

    assert len(documents) > 60, sorted(documents.values())
    errors = vnu_errors(tmp_path)
    report = [f"{documents.get(name, name)} l.{line} : {message}" for name, line, message in errors]
    assert not report, f"{len(report)} erreur(s) vnu :\n" + "\n".join(sorted(set(report)))
