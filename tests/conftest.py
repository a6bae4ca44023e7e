"""Fixtures shared by the whole suite: users by role, clients signed in as them, the home page."""

import os

import pytest

from portal.factories import UserFactory
from portal.roles import AGENTS, COMMUNICATION, COORDINATION, PARTNERS

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLE_NAMES = {
    "agent": AGENTS,
    "partner": PARTNERS,
    "communication": COMMUNICATION,
    "coordinator": COORDINATION,
}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (menus, roles and sites are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """The site's home page (re-created if a transactional test emptied the tables)."""
    from portal.site import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def make_user(db):
    """``make_user("agent")`` → a user in that role; ``make_user("superuser")``; ``make_user()``."""

    def _make(kind=None, **kwargs):
        if kind == "superuser":
            return UserFactory(is_superuser=True, is_staff=True, **kwargs)
        return UserFactory(role=ROLE_NAMES.get(kind, kind), **kwargs)

    return _make


@pytest.fixture
def agent(make_user):
    return make_user("agent", username="agent.test")


@pytest.fixture
def partner(make_user):
    return make_user("partner", username="partenaire.test")


@pytest.fixture
def communication_user(make_user):
    return make_user("communication", username="communication.test")


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", username="coordination.test")


@pytest.fixture
def client_as(client, make_user):
    """``client_as("agent")`` → the test client signed in as a new user of that role."""

    def _client_as(kind, **kwargs):
        if kind == "anonymous":
            return client
        user = make_user(kind, **kwargs)
        client.force_login(user)
        client.user = user
        return client

    return _client_as
