"""Access closed by default, guarded admin history, bad query strings answered in French.

An account in no role (a forgotten group, a first ProConnect sign-in) reads nothing; the
admin's history view asks for the listing's rights; a NUL byte or an integer beyond 64 bits
in a query string gets the French 400 page instead of a server error.
"""

import pytest

from experiences.factories import ContactFactory, NetworkMapPageFactory
from pages.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

NO_ROLE = "Votre compte n'a pas encore de rôle : contactez la coordination."


@pytest.fixture
def no_role_user(make_user):
    return make_user(None, username="sans.role")


@pytest.fixture
def open_page(home_page):
    return ContentPageFactory(
        parent=home_page,
        title="Page ouverte aux partenaires",
        slug="page-ouverte",
        visible_to_partners=True,
        show_in_menus=True,
    )


def text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_an_account_in_no_role_sees_only_the_no_role_page(client, no_role_user, open_page):
    from wagtail.documents.models import Document

    client.force_login(no_role_user)
    map_page = NetworkMapPageFactory(parent=open_page.get_parent(), visible_to_partners=True)
    document = Document.objects.create(title="Note")
    urls = [
        "/",
        open_page.url,
        map_page.url,
        map_page.url + "geojson/",
        "/recherche/?q=page",
        f"/documents/{document.pk}/note.pdf",
        "/taches/",
        "/admin/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        html = text(response)
        assert NO_ROLE in html, url
        assert "Page ouverte aux partenaires" not in html, url  # not even in the menu

    assert client.post("/deconnexion/").status_code == 302


def test_a_partner_and_an_agent_still_read(client, make_user, open_page):
    for role in ("partner", "agent"):
        client.force_login(make_user(role, username=f"lecteur.{role}"))
        response = client.get(open_page.url)
        assert response.status_code == 200, role
        assert NO_ROLE not in text(response)


def test_the_no_role_rule_is_also_in_every_page_query(no_role_user, open_page):
    from wagtail.models import Page

    from portal.access import can_view_page, is_partner_only, visible_pages

    assert not visible_pages(Page.objects.all(), no_role_user).exists()
    assert not can_view_page(no_role_user, open_page)
    assert is_partner_only(no_role_user)


def test_communication_cannot_read_a_contact_through_the_admin_history(client, make_user):
    contact = ContactFactory(first_name="Hortense", last_name="Secrète")
    url = f"/admin/experiences/contact/history/{contact.pk}/"

    client.force_login(make_user("communication", username="comm.histoire"))
    response = client.get(url, follow=True)
    assert "Secrète" not in text(response)

    client.force_login(make_user("coordinator", username="coord.histoire"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Secrète" in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%00", "caractère interdit"),
        ("q=abc%00def", "caractère interdit"),
        ("territory=99999999999999999999999", "nombre trop grand"),
        ("page=-99999999999999999999999", "nombre trop grand"),
    ],
)
def test_bad_query_strings_get_a_french_400(client, agent, home_page, query, message):
    client.force_login(agent)
    for path in ("/recherche/", "/", "/admin/experiences/contact/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert message in text(response)
        assert "Requête invalide" in text(response)


def test_ordinary_numbers_and_searches_pass(client, agent, home_page):
    client.force_login(agent)
    assert client.get("/recherche/?q=03 87 00 00 00&page=2").status_code in (200, 404)
    assert client.get("/?territory=9223372036854775807").status_code == 200


def test_an_oversized_post_gets_the_french_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/connexion/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400
    assert "Requête invalide" in text(response)
    assert "Bad Request" not in text(response)


@pytest.fixture
def document_on_pages(home_page, settings, tmp_path):
    """A document linked from a page open to partners, another from an agents-only page, and
    one no page uses."""
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    documents = {}
    for name, visible in (("ouvert", True), ("interne", False), ("orphelin", None)):
        document = Document.objects.create(title=name)
        document.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4 " + name.encode()))
        documents[name] = document
        if visible is not None:
            page = ContentPageFactory(
                parent=home_page, slug=f"page-{name}", visible_to_partners=visible
            )
            page.body = [("document", {"document": document, "title": ""})]
            page.save_revision().publish()
    return documents


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner", {"ouvert": 200, "interne": 403, "orphelin": 403}),
        ("agent", {"ouvert": 200, "interne": 200, "orphelin": 403}),
        ("communication", {"ouvert": 200, "interne": 200, "orphelin": 200}),
    ],
)
def test_a_document_is_served_to_readers_of_a_page_using_it(
    client, make_user, document_on_pages, role, expected
):
    client.force_login(make_user(role, username=f"docs.{role}"))
    for name, status in expected.items():
        response = client.get(document_on_pages[name].url)
        assert response.status_code == status, (role, name)
