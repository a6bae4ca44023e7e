"""ProConnect sign-in, through the whole OpenID Connect redirect flow, against a real provider
(django-oauth-toolkit) served by the test's live server: the portal's backend fetches tokens,
keys and user info over HTTP as it would from ProConnect."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator

from portal.models import OIDCIdentity

NO_ROLE = "Votre compte n'a pas encore de rôle : contactez la coordination."

# What the provider says of each of its people (its own directory, not the portal's accounts).
PEOPLE = {}


class Validator(OAuth2Validator):
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(PEOPLE.get(request.user.username, {}))


@pytest.fixture(scope="module")
def private_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def provider(settings, live_server, private_key, make_user, transactional_db):
    from portal.roles import sync_role_permissions
    from portal.site import ensure_home_page

    ensure_home_page()
    sync_role_permissions()
    base = f"{live_server.url}/o"
    settings.ROOT_URLCONF = "tests.portal.oidc_urls"
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": private_key,
        "OAUTH2_VALIDATOR_CLASS": "tests.portal.test_proconnect.Validator",
        "PKCE_REQUIRED": True,
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
    settings.PROCONNECT_ALLOWED_DOMAINS = ["ville-exemple.fr"]
    owner = make_user("agent", username="fournisseur.admin")
    Application.objects.create(
        name="Coopérer",
        client_id="cooperer",
        client_secret="un-secret-de-test",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/oidc/callback/",
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
        user=owner,
    )
    PEOPLE.clear()

    def person(username, **claims):
        # The person's account at the provider; the portal knows nothing of it.
        PEOPLE[username] = claims
        return make_user("agent", username=username, email="")

    return person


def sign_in_with_proconnect(client, provider_account):
    """Login page → /oidc/authenticate/ → provider → callback; returns the last response."""
    login_page = client.get("/connexion/").content.decode()
    assert "S&#x27;identifier avec" in login_page or "S'identifier avec" in login_page
    client.force_login(provider_account)  # signed in at the provider
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    consent = client.get(f"{authorize.path}?{authorize.query}")
    assert consent.status_code == 302, consent.content[:500]
    callback = urlsplit(consent["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def test_a_first_sign_in_creates_an_account_with_no_role(client, provider):
    alice = provider(
        "fournisseur.alice",
        email="alice.martin@ville-exemple.fr",
        given_name="Alice",
        usual_name="Martin",
        siret="21540547000017",
    )
    response = sign_in_with_proconnect(client, alice)
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None and user != alice
    assert user.email == "alice.martin@ville-exemple.fr"
    assert (user.first_name, user.last_name) == ("Alice", "Martin")
    assert not user.groups.exists()
    assert not user.has_usable_password()
    identity = OIDCIdentity.objects.get(user=user)
    assert identity.sub == str(alice.pk) and identity.siret == "21540547000017"
    home = client.get("/")
    assert home.status_code == 403
    assert NO_ROLE in home.content.decode().replace("&#x27;", "'")


def test_the_same_person_is_matched_on_sub_even_with_a_new_address(client, provider):
    bob = provider("fournisseur.bob", email="bob@ville-exemple.fr", given_name="Bob")
    sign_in_with_proconnect(client, bob)
    first = signed_in_user(client)
    first.groups.add(Group.objects.get(name="Agents"))
    client.logout()

    PEOPLE["fournisseur.bob"]["email"] = "robert.durand@ville-exemple.fr"
    sign_in_with_proconnect(client, bob)
    again = signed_in_user(client)
    assert again == first
    assert again.email == "robert.durand@ville-exemple.fr"
    assert get_user_model().objects.filter(oidc_identity__isnull=False).count() == 1
    assert client.get("/").status_code == 200  # the role given meanwhile is kept


def test_an_existing_local_account_is_linked_by_its_address(client, provider, make_user):
    local = make_user("coordinator", username="camille.local", email="Camille@ville-exemple.fr")
    camille = provider("fournisseur.camille", email="camille@ville-exemple.fr")
    sign_in_with_proconnect(client, camille)
    assert signed_in_user(client) == local
    assert OIDCIdentity.objects.get(user=local).sub == str(camille.pk)


def test_an_address_outside_the_allowed_domains_is_refused(client, provider):
    eve = provider("fournisseur.eve", email="eve@ailleurs.fr", given_name="Ève")
    before = get_user_model().objects.count()
    response = sign_in_with_proconnect(client, eve)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    assert get_user_model().objects.count() == before
    # The message is shown on the next page (here the provider's own account is still signed
    # in, in this one-site test, so the login page sends it on).
    page = client.get(response["Location"], follow=True).content.decode().replace("&#x27;", "'")
    assert "Les adresses « @ailleurs.fr » ne peuvent pas se connecter à Coopérer" in page
    assert not OIDCIdentity.objects.exists()


def test_the_button_shows_only_when_configured(client, db, settings):
    settings.PROCONNECT_ENABLED = False
    assert "ProConnect" not in client.get("/connexion/").content.decode()
