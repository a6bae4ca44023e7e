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
    from home.site import ensure_home_page

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


# --- a real OpenID Connect provider for the ProConnect tests (tests/portal/oidc_urls.py) ------


@pytest.fixture(scope="session")
def oidc_private_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def proconnect_provider(settings, live_server, oidc_private_key, make_user, transactional_db):
    from oauth2_provider.models import Application

    from home.site import ensure_home_page
    from portal.roles import sync_role_permissions

    ensure_home_page()
    sync_role_permissions()
    base = f"{live_server.url}/o"
    settings.ROOT_URLCONF = "tests.portal.oidc_urls"
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": oidc_private_key,
        "OAUTH2_VALIDATOR_CLASS": "tests.portal.oidc_urls.Validator",
        "PKCE_REQUIRED": True,
        "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
        "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
        "OIDC_ISS_ENDPOINT": base,
        "SCOPES": {
            "openid": "OpenID",
            "email": "e-mail",
            "given_name": "prénom",
            "usual_name": "nom",
            "siret": "SIRET",
        },
    }
    settings.PROCONNECT_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "portal.proconnect.ProConnectBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "cooperer"
    settings.OIDC_RP_CLIENT_SECRET = "un-secret-de-test"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo.jwt"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{base}/logout/"
    settings.PROCONNECT_ALLOWED_DOMAINS = ["ville-exemple.fr"]
    owner = make_user("agent", username="fournisseur.admin")
    Application.objects.create(
        name="Coopérer",
        client_id="cooperer",
        client_secret="un-secret-de-test",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/oidc/callback/",
        post_logout_redirect_uris="http://testserver/connexion/",
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
        user=owner,
    )
    from tests.portal.oidc_urls import PEOPLE

    PEOPLE.clear()

    def person(username, **claims):
        # The person's account at the provider; the portal knows nothing of it.
        PEOPLE[username] = claims
        return make_user("agent", username=username, email="")

    return person
