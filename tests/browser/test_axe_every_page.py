"""axe-core over every page of the demo site: zero violations, whatever their impact.

Signed out, then as an agent, a partner and the coordination (its own pages too: season
dashboards, attendance and sign sheets, survey results and reminders, imports, jobs), one
shared browser context per role (``demo_walk`` in conftest). The journeys check their own pages
for serious and critical violations as they go; this walks the whole demo, as
tests/portal/test_html_validity.py does for vnu, and counts every impact.
"""

from axe_playwright_python.sync_playwright import Axe


def test_axe_finds_nothing_on_any_demo_page(demo_walk):
    axe = Axe()
    failures = []

    def check(page, url, role):
        response = page.goto(url)
        if "text/html" not in response.headers.get("content-type", ""):
            return  # the map's GeoJSON download
        page.wait_for_load_state("load")
        for violation in axe.run(page).response["violations"]:
            targets = "; ".join(node["target"][0] for node in violation["nodes"][:3])
            failures.append(f"{role} {url} : {violation['id']} ({violation['impact']}) – {targets}")

    demo_walk(check)
    assert not failures, "Violations axe :\n" + "\n".join(failures)
