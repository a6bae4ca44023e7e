"""ProConnect sign-in, through the whole OpenID Connect redirect flow, against a real provider
(django-oauth-toolkit) served by the test's live server: the portal's backend fetches tokens,
keys and user info over HTTP as it would from ProConnect."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.models import OIDCIdentity
from tests.portal.oidc_urls import PEOPLE

NO_ROLE = "Votre compte n'a pas encore de rôle : contactez la coordination."


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


def test_a_first_sign_in_creates_an_account_with_no_role(client, proconnect_provider):
    alice = proconnect_provider(
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


def test_the_same_person_is_matched_on_sub_even_with_a_new_address(client, proconnect_provider):
    bob = proconnect_provider("fournisseur.bob", email="bob@ville-exemple.fr", given_name="Bob")
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


def test_an_existing_local_account_is_linked_by_its_address(client, proconnect_provider, make_user):
    local = make_user("coordinator", username="camille.local", email="Camille@ville-exemple.fr")
    camille = proconnect_provider("fournisseur.camille", email="camille@ville-exemple.fr")
    sign_in_with_proconnect(client, camille)
    assert signed_in_user(client) == local
    assert OIDCIdentity.objects.get(user=local).sub == str(camille.pk)


def test_an_address_outside_the_allowed_domains_is_refused(client, proconnect_provider):
    eve = proconnect_provider("fournisseur.eve", email="eve@ailleurs.fr", given_name="Ève")
    before = get_user_model().objects.count()
    response = sign_in_with_proconnect(client, eve)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    assert get_user_model().objects.count() == before
    # The message is shown on the next page (here the provider's own account is still signed
    # in, in this one-site test, so the login page sends it on).
    page = client.get(response["Location"], follow=True).content.decode().replace("&#x27;", "'")
    assert "Les adresses « @ailleurs.fr » ne peuvent pas se connecter à Coopérer" in page
    assert not OIDCIdentity.objects.exists()


def test_signing_out_ends_the_provider_session_too(client, proconnect_provider):
    """RP-initiated logout: the portal signs the person out, then sends the browser to the
    provider's end-of-session endpoint with the ID token, which signs them out there and
    comes back to the portal's sign-in page."""
    alice = proconnect_provider("fournisseur.alice", email="alice@ville-exemple.fr")
    sign_in_with_proconnect(client, alice)
    assert signed_in_user(client) is not None
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert end.path == "/o/logout/"
    query = parse_qs(end.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/connexion/"]
    assert query["id_token_hint"][0].count(".") == 2  # a signed JWT
    assert signed_in_user(client) is None  # signed out of the portal already
    client.force_login(alice)  # the browser's session at the provider
    back = client.get(f"{end.path}?{end.query}")
    assert back.status_code == 302, back.content[:300]
    assert back["Location"].startswith("http://testserver/connexion/")
    assert signed_in_user(client) is None  # and out of the provider


def test_a_local_sign_out_stays_local(client, agent):
    client.force_login(agent)
    response = client.post("/deconnexion/")
    assert response.status_code in (200, 302)
    assert "/o/logout/" not in response.get("Location", "")
    assert signed_in_user(client) is None


def test_the_button_shows_only_when_configured(client, db, settings):
    settings.PROCONNECT_ENABLED = False
    assert "ProConnect" not in client.get("/connexion/").content.decode()
