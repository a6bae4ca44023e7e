"""`manage.py load_demo_content`, as `make run` calls it: the whole site, idempotent, linked."""

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def counts():
    from django.contrib.auth.models import User

    from wagtail.models import Page, Revision

    from experiences.models import Contact, Organisation
    from surveys.models import Answer, SurveyResponse

    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "contacts": Contact.objects.count(),
        "responses": SurveyResponse.objects.count(),
        "answers": Answer.objects.count(),
    }


@pytest.fixture
def demo_site(home_page, settings):
    settings.DEBUG = True  # demo accounts are only created in development
    call_command("load_demo_content", verbosity=0)
    return counts()


def test_running_it_twice_changes_nothing(demo_site):
    call_command("load_demo_content", verbosity=0)
    assert counts() == demo_site


def test_every_section_is_in_the_main_menu_and_opens(demo_site, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="agent"))
    html = client.get("/").content.decode()
    for section in [
        "L'Atelier de la coopération",
        "J'ai testé pour vous",
        "Expériences territoriales",
        "Carte du réseau",
        "Questionnaires",
    ]:
        assert f">{section}</a>" in html.replace("&#x27;", "'"), section


def test_the_apps_demo_content_is_linked_together(demo_site):
    from pages.models import EventWorkshop, SeasonPage
    from surveys.models import SurveyPage

    workshops = EventWorkshop.objects.filter(page__slug="journee-regionale-grand-est-2025")
    assert workshops.count() == 4
    assert all(workshop.experience_id for workshop in workshops)
    survey = SurveyPage.objects.get(slug="bilan-saison-1")
    assert survey.evaluated_page.specific_class is SeasonPage


def test_demo_accounts_sign_in_with_the_printed_password(demo_site, client):
    from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    for username, *_ in DEMO_ACCOUNTS:
        client.post("/connexion/", {"username": username, "password": DEMO_PASSWORD})
        assert "_auth_user_id" in client.session, username
        client.logout()


def test_running_it_again_keeps_what_editors_changed(demo_site, settings):
    """`make run` loads the demo at every start: an editor's work must survive it."""
    from django.contrib.auth.models import User

    from wagtail.models import Page

    from home.models import HomePage
    from pages.models import Person, SeasonIndexPage
    from surveys.models import SurveyPage

    editor = User.objects.get(username="communication")

    home = HomePage.objects.get()
    home.hero_title = "Bienvenue sur l'intranet de la coopération"
    home.hero_text = "<p>Texte de l'équipe Communication.</p>"
    home.save_revision(user=editor).publish(user=editor)

    season_index = SeasonIndexPage.objects.get()
    season_index.title = "Le programme de l'Atelier"
    season_index.show_in_menus = False
    season_index.save_revision(user=editor).publish(user=editor)

    survey = SurveyPage.objects.get(slug="bilan-saison-1")
    other_page = Page.objects.get(slug="experiences")
    survey.evaluated_page = other_page
    survey.save_revision(user=editor).publish(user=editor)

    person = Person.objects.order_by("pk").first()
    person.role = "Rôle corrigé par la Communication"
    person.save()

    call_command("load_demo_content", verbosity=0)

    home.refresh_from_db()
    assert home.hero_title == "Bienvenue sur l'intranet de la coopération"
    assert home.hero_text == "<p>Texte de l'équipe Communication.</p>"
    season_index.refresh_from_db()
    assert season_index.title == "Le programme de l'Atelier"
    assert season_index.show_in_menus is False
    survey.refresh_from_db()
    assert survey.evaluated_page_id == other_page.pk
    person.refresh_from_db()
    assert person.role == "Rôle corrigé par la Communication"
    assert Person.objects.filter(name=person.name).count() == 1
