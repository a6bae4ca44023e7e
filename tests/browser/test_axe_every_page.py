"""axe-core over every page of the demo site (signed out, then as an agent): zero violations.

The journeys check their own pages for serious and critical violations as they go; this walks
the whole demo, as tests/portal/test_html_validity.py does for vnu, and counts every impact.
"""

from django.core.management import call_command

from axe_playwright_python.sync_playwright import Axe

from tests.demo_pages import SIGNED_OUT_VIEWS, demo_urls


def test_axe_finds_nothing_on_any_demo_page(page, live_site, sign_in):
    call_command("load_demo_content", "--no-accounts", verbosity=0)
    axe = Axe()
    failures = []

    def check(url):
        response = page.goto(f"{live_site}{url}")
        if "text/html" not in response.headers.get("content-type", ""):
            return  # the map's GeoJSON download
        page.wait_for_load_state("load")
        for violation in axe.run(page).response["violations"]:
            targets = "; ".join(node["target"][0] for node in violation["nodes"][:3])
            failures.append(f"{url} : {violation['id']} ({violation['impact']}) – {targets}")

    for url in SIGNED_OUT_VIEWS:
        check(url)
    sign_in("agent")
    urls = demo_urls()
    assert len(urls) > 30
    for url in urls:
        check(url)
    assert not failures, "Violations axe :\n" + "\n".join(failures)
