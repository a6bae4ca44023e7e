"""Journeys of the territorial network in Chromium: the contact map, an import, axe audits."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from experiences.factories import (
    ContactFactory,
    ExperienceIndexPageFactory,
    ExperiencePageFactory,
    NetworkMapPageFactory,
    OrganisationFactory,
    TerritoryFactory,
)
from experiences.models import Contact
from taxonomy.factories import ThemeFactory

PLACES = [
    ("Ville de Vandœuvre-lès-Nancy", "Vandœuvre-lès-Nancy", "48.65806", "6.17306", "tfpb"),
    ("Ville de La Chapelle-Saint-Luc", "La Chapelle-Saint-Luc", "48.31222", "4.04444", "isolement"),
    ("Ville de Bischheim", "Bischheim", "48.61583", "7.75278", "jeunesse"),
    (
        "Communauté d'Agglomération Forbach Porte de France",
        "Forbach",
        "49.18848",
        "6.89566",
        "tfpb",
    ),
]


def build_network():
    from home.site import ensure_home_page

    home = ensure_home_page()
    themes = {
        slug: ThemeFactory(name=slug.upper() if slug == "tfpb" else slug.capitalize(), slug=slug)
        for slug in ("tfpb", "isolement", "jeunesse")
    }
    organisations = []
    for name, place, lat, lon, theme in PLACES:
        territory = TerritoryFactory(name=place, latitude=Decimal(lat), longitude=Decimal(lon))
        organisations.append(
            OrganisationFactory(
                name=name,
                territory=territory,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
                themes=[themes[theme]],
            )
        )
    ContactFactory(
        first_name="Philippe",
        last_name="Atain-Kouadio",
        organisation=organisations[0],
        email="philippe.atain-kouadio@example.org",
    )
    map_page = NetworkMapPageFactory(parent=home)
    index = ExperienceIndexPageFactory(parent=home)
    experience = ExperiencePageFactory(
        parent=index,
        title="Abattement TFPB et « territoire commun »",
        territory=organisations[0].territory,
        workshop="Atelier 1 / Salle Chardon",
        takeaways="<p>Répondre aux besoins des habitants à partir de l'abattement TFPB.</p>",
    )
    experience.organisations.set([organisations[0]])
    experience.themes.set([themes["tfpb"]])
    experience.save_revision().publish()
    return map_page, experience


def list_names(page):
    return sorted(page.locator(".network-item h3").all_inner_texts())


def marker_names(page, expected_count):
    """The names on the map's markers, once the map shows ``expected_count`` of them."""
    map_ = page.locator("[data-network-map]")
    expect(map_).to_have_attribute("data-marker-count", str(expected_count))
    markers = page.locator(".leaflet-marker-icon[alt]")
    expect(markers).to_have_count(expected_count)
    return sorted(markers.evaluate_all("icons => icons.map(icon => icon.getAttribute('alt'))"))


def test_agent_filters_the_map_by_theme_and_list_and_map_agree(
    page, live_site, sign_in, assert_accessible
):
    map_page, _experience = build_network()
    sign_in("agent")
    page.goto(f"{live_site}{map_page.url}")
    expect(page.get_by_role("heading", name="Carte", exact=True)).to_be_visible()
    assert len(list_names(page)) == 4
    assert list_names(page) == marker_names(page, 4)
    assert_accessible()

    page.get_by_label("Thématique").select_option(label="TFPB")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"theme=tfpb"))
    expected = [
        "Communauté d'Agglomération Forbach Porte de France",
        "Ville de Vandœuvre-lès-Nancy",
    ]
    assert list_names(page) == expected
    assert marker_names(page, 2) == expected

    # Markers are keyboard-reachable: focus one and open its popup with Enter.
    marker = page.locator(".leaflet-marker-icon[alt='Ville de Vandœuvre-lès-Nancy']")
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Philippe Atain-Kouadio")
    expect(
        popup.get_by_role("link", name="Abattement TFPB et « territoire commun »")
    ).to_be_visible()
    assert_accessible()


def test_the_list_works_without_javascript(browser, live_site, make_user):
    map_page, _experience = build_network()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    make_user("agent", username="sans.js", password="un-mot-de-passe-solide")
    page.goto(f"{live_site}/connexion/")
    page.get_by_label("Identifiant").fill("sans.js")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_site}{map_page.url}?theme=isolement")
    assert list_names(page) == ["Ville de La Chapelle-Saint-Luc"]
    expect(page.locator("[data-map-section]")).to_be_hidden()
    context.close()


def test_experience_page_is_accessible(page, live_site, sign_in, assert_accessible):
    _map_page, experience = build_network()
    sign_in("partner")
    page.goto(f"{live_site}{experience.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(experience.title)
    expect(page.get_by_role("heading", name="À retenir")).to_be_visible()
    assert_accessible()
    page.goto(f"{live_site}{experience.get_parent().url}")
    expect(page.get_by_role("link", name=experience.title)).to_be_visible()
    assert_accessible()


CSV = (
    "Prénom;Nom;Fonction;Organisation;Courriel\n"
    "Olivia;Brulefert;;Ville de La Chapelle-Saint-Luc;olivia.brulefert@example.org\n"
    "Anita;Nobili;;Ville de La Chapelle-Saint-Luc;anita.nobili@example.org\n"
)


def test_coordinator_imports_contacts_checks_the_preview_and_confirms(
    page, live_site, sign_in, tmp_path
):
    build_network()
    sign_in("coordinator")
    page.goto(f"{live_site}/admin/experiences/contact/")
    page.get_by_role("link", name="Importer un fichier").click()
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_bytes(("\ufeff" + CSV).encode("utf-8"))
    page.get_by_label("Fichier CSV, XLSX ou ODS").set_input_files(str(csv_file))
    page.get_by_role("button", name="Voir l'aperçu").click()

    expect(page.locator('[data-count="new"]')).to_have_text("2")
    expect(page.locator('[data-count="invalid"]')).to_have_text("0")
    # New rows need no detail: the table lists only invalid rows and changed fields.
    expect(page.get_by_text("Rien n'est encore enregistré.")).to_be_visible()
    assert not Contact.objects.filter(last_name="Nobili").exists()

    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator(".help-info[role=status]")).to_contain_text("2 ajouts")
    assert Contact.objects.filter(last_name__in=["Nobili", "Brulefert"]).count() == 2
