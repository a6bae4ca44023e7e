"""Every page of the demo site at 320 px wide (RGAA 10.11, WCAG 1.4.10 reflow), signed out and
as each role (the coordination's own pages too), one shared browser context per role.

Nothing may scroll sideways: wide tables scroll inside their own focusable region. The main menu
folds behind a "Menu" button on small screens and the error summary takes focus after a failed
post.
"""

from playwright.sync_api import expect

# Elements wider than the viewport, for the failure message.
WIDEST = """() => {
    const width = document.documentElement.clientWidth;
    const offenders = [];
    for (const element of document.querySelectorAll("body *")) {
        const box = element.getBoundingClientRect();
        if (box.right > width + 1 && !element.closest(".table-scroll, .map")) {
            const name = `${element.tagName.toLowerCase()}.${element.className}`;
            offenders.push(`${name} (${Math.round(box.right)} px)`);
        }
    }
    return offenders.slice(0, 5);
}"""


def test_nothing_scrolls_sideways_at_320_px(demo_walk):
    failures = []

    def check(page, url, role):
        page.goto(url)
        page.wait_for_load_state("load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        width = page.evaluate("document.documentElement.clientWidth")
        if scroll > width:
            failures.append(f"{role} {url} : {scroll} px {page.evaluate(WIDEST)}")

    demo_walk(check, viewport={"width": 320, "height": 640})
    assert not failures, "Défilement horizontal à 320 px :\n" + "\n".join(failures)


def test_the_menu_folds_behind_a_button_on_a_phone(page, live_site, sign_in):
    sign_in("agent")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_site}/")
    menu = page.get_by_role("navigation", name="Navigation principale")
    toggle = menu.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Accueil")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Accueil")).to_be_visible()
    # On a wide screen the list is always shown and the button is not.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_site}/")
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="Accueil")).to_be_visible()


def test_the_menu_is_a_plain_list_without_javascript(browser, live_site, make_user):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    user = make_user("agent", username="sans.js", password="un-mot-de-passe-solide")
    page.goto(f"{live_site}/connexion/")
    page.get_by_label("Identifiant").fill(user.username)
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    menu = page.get_by_role("navigation", name="Navigation principale")
    expect(menu.get_by_role("link", name="Accueil")).to_be_visible()
    expect(menu.get_by_role("button")).to_have_count(0)
    context.close()


def test_the_error_summary_takes_focus_after_a_failed_post(page, live_site):
    page.goto(f"{live_site}/connexion/")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Erreur : Connexion")
