"""Browser journeys: Debian's Chromium, headless, driven by pytest-playwright.

Each journey runs against pytest-django's ``live_server``. Those tests are transactional, so the
tables are emptied between them: ``live_site`` rebuilds the home page and the roles first.
"""

import os
import shutil
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def live_site(transactional_db, live_server):
    """The live server's URL, with the home page and the roles in place."""
    from home.site import ensure_home_page
    from portal.roles import sync_role_permissions

    ensure_home_page()
    sync_role_permissions()
    return live_server.url


@pytest.fixture
def sign_in(page, live_site, make_user):
    """``sign_in("agent")``: create a user of that role and sign in through the login form."""

    def _sign_in(kind, username=None, password="un-mot-de-passe-solide"):
        user = make_user(kind, username=username or f"{kind}.navigateur", password=password)
        page.goto(f"{live_site}/connexion/")
        page.get_by_label("Identifiant").fill(user.username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return user

    return _sign_in


# The readers of the demo walk (tests/demo_pages.py), each in a browser context of its own.
WALK_ROLES = ("agent", "partner", "coordinator")
DESKTOP = {"width": 1280, "height": 720}


@pytest.fixture(scope="session")
def role_pages(browser, browser_context_args):
    """``role_pages(role, base_url)``: one tab in one browser context per role (or "anonyme"),
    shared by the whole test session so that walking every demo page as each role starts
    Chromium's contexts once. Each walk signs the context in again (the tables are emptied
    between tests).
    """
    pages = {}

    def _page(role, base_url):
        if role not in pages:  # the live server's address is the same for the whole session
            context = browser.new_context(**browser_context_args, base_url=base_url)
            pages[role] = context.new_page()
        return pages[role]

    yield _page
    for page in pages.values():
        page.context.close()


@contextmanager
def staying_on_the_portal(pages, live_url):
    """Fails, once the block is done, if any of ``pages`` requested another host than the
    portal at ``live_url`` or reported a Content-Security-Policy violation meanwhile."""
    live = urlsplit(live_url).netloc
    elsewhere, violations = [], []

    def on_request(req):
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != live:
            elsewhere.append(req.url)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    for page in pages:
        page.on("request", on_request)
        page.on("console", on_console)
    try:
        yield
    finally:
        for page in pages:
            page.remove_listener("request", on_request)
            page.remove_listener("console", on_console)
    assert not elsewhere, f"Requêtes vers un autre hôte que le portail : {elsewhere}"
    assert not violations, "Violations de la CSP :\n" + "\n".join(violations)


@pytest.fixture
def demo_walk(live_site, role_pages, make_user):
    """``demo_walk(check, viewport)``: load the demo, then call ``check(page, url, role)`` on
    every page of the demo site, signed out, then as an agent, a partner and the coordination
    (with its own pages: dashboards, sheets, imports, jobs)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from tests.demo_pages import (
        SIGNED_OUT_VIEWS,
        coordination_records,
        coordination_urls,
        demo_urls,
    )

    def _walk(check, viewport=DESKTOP):
        """As ``page_stays_on_the_portal``: no request elsewhere, no CSP violation."""
        pages = [role_pages(role, live_site) for role in ("anonyme", *WALK_ROLES)]
        with staying_on_the_portal(pages, live_site):
            _visit(check, viewport)

    def _visit(check, viewport):
        call_command("load_demo_content", "--no-accounts", verbosity=0)
        urls = demo_urls()
        assert len(urls) > 30
        anonymous = role_pages("anonyme", live_site)
        anonymous.context.clear_cookies()
        anonymous.set_viewport_size(viewport)
        for url in SIGNED_OUT_VIEWS:
            check(anonymous, url, "anonyme")
        for kind in WALK_ROLES:
            client = Client()
            client.force_login(make_user(kind, username=f"{kind}.parcours"))
            page = role_pages(kind, live_site)
            page.context.clear_cookies()
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_site}]
            )
            page.set_viewport_size(viewport)
            own = []
            if kind == "coordinator":
                own = coordination_urls() + coordination_records(client)
            for url in urls + own:
                check(page, url, kind)

    return _walk


def serious_violations(page):
    """axe-core's serious and critical violations on the current page, as readable lines."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]


@pytest.fixture
def assert_accessible(page):
    def _check():
        violations = serious_violations(page)
        assert not violations, "\n".join(violations)

    return _check


@pytest.fixture(autouse=True)
def page_stays_on_the_portal(request):
    """Every journey fails on a request to another host or on a CSP violation.

    An intranet may have no internet: nothing may be fetched from a third party. The portal's
    Content-Security-Policy must not block anything its own pages need (Chromium reports each
    blocked load or script in the console).
    """
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    with staying_on_the_portal([page], request.getfixturevalue("live_server").url):
        yield
