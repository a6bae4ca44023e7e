"""The coordinators' admin listings at 1280 and 1024 px: screenshots, and nothing crushed.

Each listing (network, survey responses, export log, registrations and attendance) is opened as
a coordinator on the demo site. A screenshot of each is kept in var/screenshots/admin-listings/
for review; the test fails when a button or link in the listing is narrower than its own text,
when the filter panel covers the table, or when an image is missing.
"""

from pathlib import Path

from django.core.management import call_command

LISTINGS = {
    "organisations": "/admin/experiences/organisation/",
    "contacts": "/admin/experiences/contact/",
    "territoires": "/admin/experiences/territory/",
    "reponses": "/admin/surveys/surveyresponse/",
    "exports": "/admin/portal/exportlog/",
    "inscriptions": "/admin/registrations/registration/",
    "presences": "/admin/registrations/attendance/",
}
WIDTHS = (1280, 1024)
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "admin-listings"

CHECK = """() => {
    const problems = [];
    const visible = (e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== "hidden";
    };
    const main = document.querySelector("main") || document.body;
    for (const e of main.querySelectorAll("button, a.button, .button")) {
        if (!visible(e) || e.getBoundingClientRect().width <= 1) continue;  // visually hidden
        if (e.scrollWidth > e.clientWidth + 1) {
            const sizes = `${e.clientWidth} px pour ${e.scrollWidth} px`;
            problems.push(`bouton écrasé : « ${e.textContent.trim()} » (${sizes})`);
        }
    }
    const table = main.querySelector("table.listing, table");
    const filters = document.querySelector(".changelist-filter");
    if (table && filters && visible(filters)) {
        const t = table.getBoundingClientRect();
        const f = filters.getBoundingClientRect();
        const apartX = f.right <= t.left || f.left >= t.right;
        const overlap = !(apartX || f.bottom <= t.top || f.top >= t.bottom);
        if (overlap) problems.push("le panneau de filtres recouvre le tableau");
    }
    for (const img of document.querySelectorAll("img")) {
        if (img.complete && img.naturalWidth === 0) problems.push(`image absente : ${img.src}`);
    }
    if (table && table.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
        const wrapper = table.parentElement;
        if (!(wrapper && wrapper.scrollWidth > wrapper.clientWidth)) {
            problems.push("le tableau dépasse de l'écran");
        }
    }
    return problems;
}"""


def test_coordinators_listings_render_cleanly(page, live_site, sign_in):
    from portal.models import ExportLog

    call_command("load_demo_content", "--no-accounts", verbosity=0)
    ExportLog.objects.create(username="coordination", what="contacts", format="csv", row_count=9)
    sign_in("coordinator")
    SHOTS.mkdir(parents=True, exist_ok=True)
    missing, failures = [], []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in LISTINGS.items():
            response = page.goto(f"{live_site}{url}")
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            failures += [f"{url} à {width} px : {p}" for p in page.evaluate(CHECK)]
            text = page.locator("main").inner_text()
            wrongs = ("Pk", "Any date", "True", "False", "Yes", "No", "All", "Unknown")
            for wrong in (*wrongs, "un(e)", "inconnu(e)", "By "):
                if wrong in text.split("\n") or f" {wrong} " in f" {text} ":
                    failures.append(f"{url} : « {wrong} » affiché")
    assert not missing, f"Fichiers introuvables (404) : {missing}"
    assert not failures, "\n".join(failures)
