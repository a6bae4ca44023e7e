"""An agent signs in through the login form and lands on a French, accessible home page."""

import re

from playwright.sync_api import expect


def test_agent_signs_in_and_lands_on_home(page, live_site, sign_in, assert_accessible):
    page.goto(f"{live_site}/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Coopérer")
    assert_accessible()

    sign_in("agent")

    expect(page).to_have_url(f"{live_site}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert_accessible()


def test_wrong_password_shows_an_error_summary(page, live_site, make_user, assert_accessible):
    make_user("agent", username="lea", password="un-mot-de-passe-solide")
    page.goto(f"{live_site}/connexion/")
    page.get_by_label("Identifiant").fill("lea")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Identifiant ou mot de passe incorrect")
    assert_accessible()


def test_skip_link_is_the_first_stop_of_the_keyboard(page, live_site, sign_in):
    sign_in("agent")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenu$"))
