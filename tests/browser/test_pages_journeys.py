"""Editorial pages in Chromium: an editor publishes a « J'ai testé pour vous » page in the
Wagtail admin, an agent finds it; every page type of the demo content passes axe-core."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def sharing_index(live_site):
    from home.site import ensure_home_page
    from pages.factories import SharingSessionIndexPageFactory

    return SharingSessionIndexPageFactory(
        parent=ensure_home_page(), title="J'ai testé pour vous", slug="jai-teste-pour-vous"
    )


def test_an_editor_publishes_a_sharing_session_that_an_agent_then_finds(
    page, live_site, sign_in, sharing_index, assert_accessible
):
    sign_in("communication")
    page.goto(f"{live_site}/admin/pages/add/pages/sharingsessionpage/{sharing_index.pk}/")
    page.locator("#id_title").fill("J'ai testé pour vous : le photolangage")
    # Wagtail's date picker opens 100 ms after the date field gets the focus, even if the focus
    # has moved on by then, and would then cover the footer's buttons: wait for it, and leave
    # the field with Tab as a keyboard user does, which closes it.
    date = page.locator("#id_date")
    date.fill("2025-03-18")
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    date.press("Tab")
    expect(picker).to_have_count(0)
    page.locator("#id_place").fill("Hôtel de Ville, salle Marianne")
    page.locator("#id_tested").fill("Un photolangage pour ouvrir une réunion d'équipe.")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text("publiée")

    page.context.clear_cookies()
    sign_in("agent")
    page.goto(f"{live_site}{sharing_index.url}")
    link = page.get_by_role("link", name="J'ai testé pour vous : le photolangage")
    expect(link).to_be_visible()
    assert_accessible()

    page.get_by_label("Rechercher dans le portail").fill("photolangage")
    page.get_by_label("Rechercher dans le portail").press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=photolangage"))
    expect(page.get_by_role("status")).to_contain_text("1 résultat pour « photolangage »")
    page.get_by_role("link", name=re.compile("le photolangage")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "J'ai testé pour vous : le photolangage"
    )
    expect(page.get_by_text("Hôtel de Ville, salle Marianne")).to_be_visible()
    assert_accessible()


def test_one_page_of_each_type_from_the_demo_content_is_accessible(
    page, live_site, sign_in, assert_accessible
):
    from wagtail.models import get_page_models

    from pages import demo
    from pages.models import SharingSessionIndexPage

    demo.load()
    urls = ["/", "/recherche/?q=coop%C3%A9ration", "/recherche/?q=introuvable"]
    for model in get_page_models():
        if model._meta.app_label != "pages":
            continue
        first = model.objects.live().order_by("path").first()
        assert first is not None, model.__name__
        urls.append(first.url)
    urls.append(SharingSessionIndexPage.objects.get().url + "?period=passees&theme=jeunesse")

    sign_in("agent")
    for url in urls:
        page.goto(f"{live_site}{url}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        try:
            assert_accessible()
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from error
