"""Security at the door: sign-in throttling (django-axes), CSP and privacy headers."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"
LOGIN_FORMS = ["/connexion/", "/admin/login/", "/_util/login/"]


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, path, username, password, address="203.0.113.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", LOGIN_FORMS)
def test_too_many_failures_lock_the_username_from_that_address(client, agent, path):
    for _ in range(3):
        response = sign_in(client, path, agent.username, "mauvais")
        assert not signed_in(client)
    response = sign_in(client, path, agent.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Trop de tentatives de connexion ont échoué" in html
    assert "réessayez à" in html and "(dans 15 minutes)" in html


def test_another_user_and_another_address_are_not_affected(client, agent, make_user):
    colleague = make_user("agent", username="collegue.test")
    for _ in range(3):
        sign_in(client, "/connexion/", agent.username, "mauvais")
    response = sign_in(client, "/connexion/", colleague.username, PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    client.logout()
    response = sign_in(client, "/connexion/", agent.username, PASSWORD, address="198.51.100.4")
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_sign_in_resets_the_count(client, agent):
    for _ in range(2):
        sign_in(client, "/connexion/", agent.username, "mauvais")
    assert sign_in(client, "/connexion/", agent.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "/connexion/", agent.username, "mauvais")
    assert sign_in(client, "/connexion/", agent.username, PASSWORD).status_code == 302


def test_coordination_unlocks_a_locked_sign_in(client, agent, make_user):
    from axes.models import AccessAttempt

    for _ in range(3):
        sign_in(client, "/connexion/", agent.username, "mauvais")
    assert sign_in(client, "/connexion/", agent.username, PASSWORD).status_code == 429

    staff = client.__class__()
    staff.force_login(make_user("communication", username="comm.unlock"))
    # Communication may use the admin, not this page (Wagtail turns the refusal into a redirect).
    assert staff.get("/admin/connexions-bloquees/").status_code in (302, 403)
    attempt = AccessAttempt.objects.get(username=agent.username)
    staff.post("/admin/connexions-bloquees/", {"attempt": attempt.pk})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()

    staff.force_login(make_user("coordinator", username="coord.unlock"))
    listing = staff.get("/admin/connexions-bloquees/")
    assert listing.status_code == 200
    assert f"Débloquer {agent.username}" in listing.content.decode()
    response = staff.post("/admin/connexions-bloquees/", {"attempt": attempt.pk}, follow=True)
    assert "Connexion débloquée" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=agent.username).exists()

    assert sign_in(client, "/connexion/", agent.username, PASSWORD).status_code == 302


def test_unlocking_garbage_is_a_message_not_an_error(make_user, client):
    client.force_login(make_user("coordinator", username="coord.garbage"))
    response = client.post("/admin/connexions-bloquees/", {"attempt": "x' OR 1=1"}, follow=True)
    assert response.status_code == 200
    assert "rien à débloquer" in response.content.decode()


def test_portal_pages_send_a_strict_content_security_policy(client, agent, home_page):
    client.force_login(agent)
    response = client.get("/")
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_admin_has_its_own_policy(client, communication_user):
    client.force_login(communication_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


def test_the_login_page_has_the_headers_too(client):
    response = client.get("/connexion/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_a_tile_server_is_the_only_other_image_origin(settings):
    import importlib
    import os

    from portal.settings import base

    os.environ["MAP_TILE_URL"] = "https://tuiles.interne/{z}/{x}/{y}.png"
    try:
        reloaded = importlib.reload(base)
        assert "https://tuiles.interne" in reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    finally:
        del os.environ["MAP_TILE_URL"]
        importlib.reload(base)


def test_no_gravatar(settings, client, communication_user):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client.force_login(communication_user)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    # Instead, people upload their own picture in their account settings.
    account = client.get("/admin/account/").content.decode()
    assert 'name="avatar-avatar"' in account
