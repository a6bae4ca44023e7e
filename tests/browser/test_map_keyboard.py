"""The network map by keyboard alone, in Chromium: clusters, popups, Escape, French controls.

Two organisations share a place (their cluster spreads out on Enter), two are a few kilometres
apart (Enter zooms on their cluster), one has no place at all (the text counts only the placed
ones).
"""

from decimal import Decimal

from playwright.sync_api import expect

from experiences.factories import OrganisationFactory, TerritoryFactory
from tests.browser.test_experiences_journeys import build_network

NANCY = ("Métropole du Grand Nancy", "Nancy", "48.69200", "6.18440")
BISCHHEIM_TWIN = "Centre social de Bischheim"


def add_places():
    from experiences.models import Organisation

    name, place, lat, lon = NANCY
    territory = TerritoryFactory(name=place, latitude=Decimal(lat), longitude=Decimal(lon))
    OrganisationFactory(
        name=name, territory=territory, latitude=Decimal(lat), longitude=Decimal(lon)
    )
    bischheim = Organisation.objects.get(name="Ville de Bischheim")
    OrganisationFactory(
        name=BISCHHEIM_TWIN,
        territory=bischheim.territory,
        latitude=bischheim.latitude,
        longitude=bischheim.longitude,
    )
    OrganisationFactory(
        name="Association sans adresse", territory=None, latitude=None, longitude=None
    )


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.getAttribute('alt') || e.className || e.tagName) : null; }"
    )


def test_clusters_and_popups_work_with_the_keyboard(page, live_site, sign_in):
    map_page, _experience = build_network()
    add_places()
    sign_in("agent")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_site}{map_page.url}")
    map_ = page.locator("[data-network-map]")
    expect(map_).to_have_attribute("data-marker-count", "6")
    # The text counts the placed organisations, not all those of the list.
    description = page.locator("#carte-description")
    expect(description).to_contain_text("La carte situe 6 organisations")
    expect(description).to_contain_text("La liste compte 7 organisations")
    expect(page.locator("[data-map-status]")).to_have_text("6 organisations situées sur la carte.")
    # Leaflet's controls speak French.
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zoom avant")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute(
        "aria-label", "Zoom arrière"
    )

    clusters = page.locator(".marker-cluster")
    expect(clusters).to_have_count(2)
    boxes = sorted((clusters.nth(i).bounding_box()["x"], i) for i in range(clusters.count()))
    nancy_cluster = clusters.nth(boxes[0][1])
    bischheim_cluster = clusters.nth(boxes[1][1])

    # Enter on a cluster of markers at one place spreads them; focus goes to the first one.
    bischheim_cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => ['Ville de Bischheim', 'Centre social de Bischheim']"
        ".includes(document.activeElement && document.activeElement.getAttribute('alt'))"
    )
    marker_name = focused(page)

    # Enter on a marker opens its popup, which takes focus; its close button is in French.
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text(marker_name)
    expect(page.locator(".map-popup")).to_be_focused()
    expect(popup.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Fermer")
    # Escape closes it and gives focus back to its marker.
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    assert focused(page) == marker_name

    # Enter on a cluster of nearby places zooms until they stand apart.
    nancy_cluster.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[alt='Métropole du Grand Nancy']")).to_be_visible()
    expect(page.locator("[alt='Ville de Vandœuvre-lès-Nancy']")).to_be_visible()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains("
        "'leaflet-marker-icon')"
    )
