"""Fixtures of the territorial network: a small network with hidden and visible data."""

from decimal import Decimal

import pytest

from experiences.factories import (
    ContactFactory,
    ExperienceIndexPageFactory,
    ExperiencePageFactory,
    NetworkMapPageFactory,
    OrganisationFactory,
    TerritoryFactory,
)
from experiences.models import Organisation, Territory
from taxonomy.factories import ThemeFactory

from .office_files import soffice  # noqa: F401 (LibreOffice headless conversions)


@pytest.fixture
def themes(db):
    return {
        "tfpb": ThemeFactory(name="TFPB", slug="tfpb"),
        "isolement": ThemeFactory(name="Isolement", slug="isolement"),
    }


@pytest.fixture
def network(db, themes):
    """Two organisations visible to partners, one hidden; contacts visible and hidden."""
    nancy = TerritoryFactory(
        name="Métropole du Grand Nancy",
        kind=Territory.Kind.EPCI,
        latitude=Decimal("48.69"),
        longitude=Decimal("6.18"),
    )
    vandoeuvre = TerritoryFactory(
        name="Vandœuvre-lès-Nancy",
        kind=Territory.Kind.COMMUNE,
        parent=nancy,
        code="54547",
        latitude=Decimal("48.65806"),
        longitude=Decimal("6.17306"),
    )
    chapelle = TerritoryFactory(
        name="La Chapelle-Saint-Luc",
        kind=Territory.Kind.COMMUNE,
        code="10081",
        latitude=Decimal("48.31222"),
        longitude=Decimal("4.04444"),
    )
    ville = OrganisationFactory(
        name="Ville de Vandœuvre-lès-Nancy",
        territory=vandoeuvre,
        latitude=Decimal("48.65806"),
        longitude=Decimal("6.17306"),
        themes=[themes["tfpb"]],
    )
    chapelle_org = OrganisationFactory(
        name="Ville de La Chapelle-Saint-Luc",
        territory=chapelle,
        latitude=Decimal("48.31222"),
        longitude=Decimal("4.04444"),
        themes=[themes["isolement"]],
    )
    hidden = OrganisationFactory(
        name="Service interne caché",
        kind=Organisation.Kind.ETAT,
        territory=nancy,
        visible_to_partners=False,
        themes=[themes["tfpb"]],
    )
    visible_contact = ContactFactory(
        first_name="Philippe",
        last_name="Atain-Kouadio",
        organisation=ville,
        email="p.atain-kouadio@example.org",
    )
    hidden_contact = ContactFactory(
        first_name="Secret",
        last_name="Interne",
        organisation=ville,
        email="secret.interne@example.org",
        visible_to_partners=False,
    )
    hidden_org_contact = ContactFactory(
        first_name="Agent",
        last_name="Caché",
        organisation=hidden,
        email="cache@example.org",
    )
    return {
        "nancy": nancy,
        "vandoeuvre": vandoeuvre,
        "chapelle": chapelle,
        "ville": ville,
        "chapelle_org": chapelle_org,
        "hidden": hidden,
        "visible_contact": visible_contact,
        "hidden_contact": hidden_contact,
        "hidden_org_contact": hidden_org_contact,
    }


@pytest.fixture
def map_page(home_page):
    return NetworkMapPageFactory(parent=home_page)


@pytest.fixture
def experience_index(home_page):
    return ExperienceIndexPageFactory(parent=home_page)


@pytest.fixture
def experience(experience_index, network, themes):
    page = ExperiencePageFactory(
        parent=experience_index,
        title="Abattement TFPB et « territoire commun »",
        territory=network["vandoeuvre"],
        takeaways="<p>Partir des besoins des habitants.</p>",
        workshop="Atelier 1 / Salle Chardon",
    )
    page.organisations.set([network["ville"]])
    page.contacts.set([network["visible_contact"], network["hidden_contact"]])
    page.themes.set([themes["tfpb"]])
    page.save_revision().publish()
    return page
