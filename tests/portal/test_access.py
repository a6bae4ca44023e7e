"""Who may reach what: the intranet's door, role by role."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db

HOME, ADMIN, HEALTH = "/", "/admin/", "/healthz"

# (role, url, expected status)
ACCESS_TABLE = [
    ("anonymous", HOME, 302),
    ("anonymous", ADMIN, 302),
    ("anonymous", HEALTH, 200),
    ("agent", HOME, 200),
    ("agent", ADMIN, 403),
    ("agent", HEALTH, 200),
    ("partner", HOME, 200),
    ("partner", ADMIN, 403),
    ("partner", HEALTH, 200),
    ("communication", HOME, 200),
    ("communication", ADMIN, 200),
    ("communication", HEALTH, 200),
    ("coordinator", HOME, 200),
    ("coordinator", ADMIN, 200),
    ("coordinator", HEALTH, 200),
    ("superuser", HOME, 200),
    ("superuser", ADMIN, 200),
    ("superuser", HEALTH, 200),
]


@pytest.mark.parametrize(("role", "url", "status"), ACCESS_TABLE)
def test_access_by_role(client_as, home_page, role, url, status):
    response = client_as(role).get(url)
    assert response.status_code == status


@pytest.mark.parametrize("url", [HOME, ADMIN, "/une-page-qui-n-existe-pas/", "/recherche/?q=x"])
def test_anonymous_is_sent_to_the_portal_login(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=")


def test_agent_refused_from_admin_gets_a_french_explanation(client_as, home_page):
    response = client_as("agent").get("/admin/pages/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "réservé aux équipes Communication et Coordination" in content


@pytest.mark.parametrize(
    "url",
    ["/connexion/", "/mot-de-passe/oubli/", "/mot-de-passe/oubli/envoye/", "/healthz"],
)
def test_public_pages_need_no_login(client, url):
    assert client.get(url).status_code == 200


def test_health_check_reports_the_database(client):
    response = client.get(HEALTH)
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_says_503_when_the_database_fails(client, monkeypatch):
    from django.db import DatabaseError

    from portal import views

    def unreachable():
        raise DatabaseError("connection refused")

    # What a stopped database server does: opening a cursor fails.
    monkeypatch.setattr(views.connection, "cursor", unreachable)
    response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_login_form_signs_in_and_lands_on_home(client, make_user, home_page):
    make_user("agent", username="lea", password="un-mot-de-passe-solide")
    response = client.post(
        "/connexion/", {"username": "lea", "password": "un-mot-de-passe-solide"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200
    assert home_page.hero_title in response.content.decode()


def test_wrong_password_gets_a_french_message_and_no_session(client, make_user):
    make_user("agent", username="lea", password="un-mot-de-passe-solide")
    response = client.post("/connexion/", {"username": "lea", "password": "faux"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_french_email(client, make_user, mailoutbox):
    make_user("agent", username="lea", email="lea@example.org")
    response = client.post("/mot-de-passe/oubli/", {"email": "lea@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "nouveau mot de passe" in mailoutbox[0].subject
    assert "/mot-de-passe/nouveau/" in mailoutbox[0].body


def test_logout_ends_the_session(client_as, home_page):
    client = client_as("agent")
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert client.get(HOME).status_code == 302


# --- the coordination door (portal.access.require_coordination) ------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        (None, False),
        ("partner", False),
        ("agent", False),
        ("communication", False),
        ("coordinator", True),
        ("superuser", True),
    ],
)
def test_the_coordination_door(make_user, kind, allowed):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from portal.access import require_coordination

    user = make_user(kind)
    if allowed:
        require_coordination(user)
    else:
        with pytest.raises(PermissionDenied, match="réservée à l'équipe Coordination"):
            require_coordination(user)
    with pytest.raises(PermissionDenied):
        require_coordination(AnonymousUser(), "experiences.export_contact")


def test_the_coordination_door_lets_a_granted_permission_in(make_user):
    from django.contrib.auth.models import Permission
    from django.core.exceptions import PermissionDenied

    from portal.access import require_coordination

    agent = make_user("agent")
    with pytest.raises(PermissionDenied, match="Exports réservés"):
        require_coordination(agent, "portal.view_exportlog", message="Exports réservés.")
    agent.user_permissions.add(Permission.objects.get(codename="view_exportlog"))
    agent = type(agent).objects.get(pk=agent.pk)  # fresh permission cache
    require_coordination(agent, "portal.view_exportlog")


def test_the_blocked_sign_ins_page_is_behind_the_coordination_door(client_as):
    url = reverse("portal_locked_sign_ins")
    assert client_as("communication").get(url).status_code in (302, 403)
    assert client_as("coordinator").get(url).status_code == 200
