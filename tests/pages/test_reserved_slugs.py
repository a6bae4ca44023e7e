"""A page under the home page cannot take an address the portal itself uses (/recherche/...)."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from pages.models import ContentPage

pytestmark = pytest.mark.django_db


def content_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": rich_text("<p>Texte</p>"),
            "body": streamfield([]),
        }
    )


@pytest.mark.parametrize("slug", ["recherche", "declaration-accessibilite", "connexion", "admin"])
def test_a_reserved_address_is_refused_with_a_french_message(
    slug, home_page, communication_user, admin_add_page
):
    response = admin_add_page(communication_user, home_page, ContentPage, content_form("X", slug))
    assert response.status_code == 200
    errors = response.context["form"].errors["slug"]
    assert errors == [
        f"L'adresse « /{slug}/ » est déjà utilisée par le portail : "
        "choisissez un autre identifiant d'URL."
    ]
    assert not ContentPage.objects.filter(slug=slug).exists()


def test_the_same_slug_is_fine_deeper_in_the_tree(home_page, communication_user, admin_add_page):
    about = admin_add_page(
        communication_user, home_page, ContentPage, content_form("À propos", "a-propos")
    )
    assert about.status_code == 302
    parent = ContentPage.objects.get(slug="a-propos")
    response = admin_add_page(
        communication_user, parent, ContentPage, content_form("Recherche", "recherche")
    )
    assert response.status_code == 302
    assert ContentPage.objects.get(slug="recherche").url == "/a-propos/recherche/"
