"""Sessions in Chromium: an agent registers, finds it in « Mes inscriptions » and cancels; a
coordinator marks attendance. Plain forms, no JavaScript needed; pages pass axe-core."""

import datetime

import pytest
from playwright.sync_api import expect


@pytest.fixture
def module(live_site):
    from django.utils import timezone

    from home.site import ensure_home_page
    from pages.factories import (
        ModulePageFactory,
        ModuleSessionFactory,
        SeasonIndexPageFactory,
        SeasonPageFactory,
    )

    index = SeasonIndexPageFactory(parent=ensure_home_page(), title="L'Atelier")
    season = SeasonPageFactory(parent=index, title="Saison 3")
    module = ModulePageFactory(parent=season, title="Les cafés digitaux")
    ModuleSessionFactory(
        module=module,
        start=timezone.now() + datetime.timedelta(days=9),
        capacity=8,
        room="Salle Lumière",
    )
    return module


@pytest.mark.browser
def test_an_agent_registers_then_cancels_and_a_coordinator_marks_attendance(
    page, live_site, sign_in, module, assert_accessible
):
    from registrations.models import Attendance, Registration

    agent = sign_in("agent", username="agent.sessions")
    page.goto(f"{live_site}{module.url}")
    expect(page.get_by_text("8 places restantes")).to_be_visible()
    assert_accessible()
    page.get_by_label("Direction ou service (facultatif)").fill("Direction de la culture")
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_role("status")).to_contain_text("vous êtes inscrit ou inscrite")
    assert Registration.objects.get(user=agent).service == "Direction de la culture"
    expect(page.get_by_text("7 places restantes")).to_be_visible()

    page.get_by_role("link", name="Mes inscriptions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes inscriptions")
    expect(page.get_by_role("link", name="Les cafés digitaux", exact=True)).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.get_by_role("status")).to_contain_text("Votre inscription est annulée.")
    assert Registration.objects.get(user=agent).status == "cancelled"

    # Register again so that the coordinator has someone to tick.
    page.goto(f"{live_site}{module.url}")
    page.get_by_role("button", name="S'inscrire").click()
    page.context.clear_cookies()

    sign_in("coordinator", username="coordination.sessions")
    page.goto(f"{live_site}{module.url}")
    page.get_by_role("link", name="Feuille de présence").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de présence")
    assert_accessible()
    page.get_by_label("Camille").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_role("status")).to_contain_text("Les présences sont enregistrées.")
    page.get_by_label("Nom et prénom").fill("Grace Hopper")
    page.get_by_role("button", name="Ajouter aux personnes présentes").click()
    expect(page.get_by_text("Grace Hopper – venue sans inscription")).to_be_visible()
    assert Attendance.objects.filter(present=True).count() == 2
    page.get_by_role("link", name="Feuille d'émargement à imprimer").click()
    expect(page.get_by_role("columnheader", name="Signature")).to_be_visible()
    assert_accessible()
