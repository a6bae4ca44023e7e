"""No call leaves the intranet: each role browses the demo site and the admin.

The journey fails (tests/browser/conftest.py) on any request to a host other than the test
server and on any Content-Security-Policy violation reported by Chromium.
"""

from django.core.management import call_command

from playwright.sync_api import expect

from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def test_every_role_browses_without_leaving_the_portal(page, live_site):
    from experiences.models import NetworkMapPage
    from home.models import HomePage
    from surveys.models import SurveyPage

    call_command("load_demo_content", "--allow-production", verbosity=0)
    home = HomePage.objects.get()
    reader_urls = [
        "/",
        NetworkMapPage.objects.live().get().url,
        SurveyPage.objects.live().get(slug="bilan-saison-1").url,
    ]
    admin_urls = ["/admin/", f"/admin/pages/{home.pk}/", "/admin/portal/exportlog/"]

    for username, *_rest in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        page.goto(f"{live_site}/connexion/")
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        urls = reader_urls + (
            admin_urls if username in {"communication", "coordination", "admin"} else []
        )
        for url in urls:
            page.goto(f"{live_site}{url}")
            page.wait_for_load_state("networkidle")
