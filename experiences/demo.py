"""Demo content of the territorial network, from ../shared/seeds/002_c4fa30c08dd9ae3d.txt.

The Grand Est regional day of 2 October 2025: its four experience workshops (rooms, speakers),
the three territorial meetings before it and their take-aways, the organisations and speakers
the programme names. Coordinates are those of the communes (none for the region and departments);
e-mail addresses are under example.org and no phone number is invented.

Idempotent: objects are found by a stable key (territory name and kind, organisation name,
contact e-mail, page slug) and created only when missing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from wagtail.models import Page

from home.site import ensure_home_page
from portal.demo import fill_demo_fields
from taxonomy.themes import ensure_themes

from .factories import (
    ContactFactory,
    ExperienceIndexPageFactory,
    ExperiencePageFactory,
    NetworkMapPageFactory,
    OrganisationFactory,
    TerritoryFactory,
)
from .models import ExperienceIndexPage, ExperiencePage, NetworkMapPage, Organisation, Territory

EVENT_SLUG = "journee-regionale-grand-est-2025"
DAY = datetime.date(2025, 10, 2)
SOURCE = "Programme de la journée régionale du 2 octobre 2025"

# key: (name, kind, INSEE code, latitude, longitude, parent key)
TERRITORIES = {
    "grand-est": ("Grand Est", "region", "44", None, None, None),
    "bas-rhin": ("Bas-Rhin", "departement", "67", None, None, "grand-est"),
    "moselle": ("Moselle", "departement", "57", None, None, "grand-est"),
    "aube": ("Aube", "departement", "10", None, None, "grand-est"),
    "grand-nancy": ("Métropole du Grand Nancy", "epci", "", "48.69213", "6.18442", "grand-est"),
    "metz-metropole": ("Metz Métropole", "epci", "", "49.11911", "6.17269", "moselle"),
    "forbach-agglo": (
        "Communauté d'Agglomération Forbach Porte de France",
        "epci",
        "",
        "49.18848",
        "6.89566",
        "moselle",
    ),
    "vandoeuvre": ("Vandœuvre-lès-Nancy", "commune", "54547", "48.65806", "6.17306", "grand-nancy"),
    "chapelle": ("La Chapelle-Saint-Luc", "commune", "10081", "48.31222", "4.04444", "aube"),
    "bischheim": ("Bischheim", "commune", "67043", "48.61583", "7.75278", "bas-rhin"),
    "qpv-chapelle": (
        "Chantereigne Montvilliers Beau Toquat",
        "qpv",
        "",
        "48.31222",
        "4.04444",
        "chapelle",
    ),
}

# key: (name, kind, territory key, website, theme slugs)
ORGANISATIONS = {
    "vandoeuvre": ("Ville de Vandœuvre-lès-Nancy", "ville", "vandoeuvre", "", ["tfpb"]),
    "chapelle": ("Ville de La Chapelle-Saint-Luc", "ville", "chapelle", "", ["isolement"]),
    "forbach": (
        "Communauté d'Agglomération Forbach Porte de France",
        "agglomeration",
        "forbach-agglo",
        "",
        ["cooperation"],
    ),
    "grand-nancy": ("Métropole du Grand Nancy", "metropole", "grand-nancy", "", ["cooperation"]),
    "metz": ("Metz Métropole", "metropole", "metz-metropole", "", ["familles"]),
    "bischheim": ("Ville de Bischheim", "ville", "bischheim", "", ["jeunesse"]),
    "sgare": (
        "Secrétariat Général pour les Affaires régionales et européennes",
        "etat",
        "grand-est",
        "",
        ["gouvernance"],
    ),
    "dreets": (
        "Direction Régionale de l'économie, de l'emploi, du travail et des solidarités",
        "etat",
        "grand-est",
        "",
        ["gouvernance"],
    ),
    "oriv": ("ORIV", "centre_ressources", "grand-est", "https://www.oriv.org/", ["cooperation"]),
    "dsu": ("DSU Grand Est", "autre", "grand-est", "", ["cooperation"]),
    "cite-ressources": ("Cité ressources", "centre_ressources", None, "", ["cooperation"]),
}

# (first name, last name, job title as the seed gives it, organisation key)
CONTACTS = [
    ("Zoé", "Fontier", "Chargée de mission", "sgare"),
    ("Nicolas", "Bachet", "Chargé de mission", "dreets"),
    ("Laurent", "Bielicki", "Chargé de mission", "cite-ressources"),
    ("Philippe", "Atain-Kouadio", "", "vandoeuvre"),
    ("Olivia", "Brulefert", "", "chapelle"),
    ("Anita", "Nobili", "", "chapelle"),
    ("Jérôme", "Martin", "", "forbach"),
    ("Carlo", "D'Angelo", "", "forbach"),
    ("Adrien", "Noirault", "", "grand-nancy"),
]

WORKSHOPS = [
    {
        "slug": "abattement-tfpb-vandoeuvre-les-nancy",
        "title": "Abattement TFPB et « territoire commun »",
        "subject": "Répondre aux besoins des habitants à partir de l'abattement TFPB",
        "workshop": "Atelier 1 / Salle Chardon",
        "territory": "vandoeuvre",
        "organisations": ["vandoeuvre"],
        "speakers": ["Atain-Kouadio"],
        "themes": ["tfpb", "cooperation"],
    },
    {
        "slug": "isolement-social-qpv-la-chapelle-saint-luc",
        "title": "L'isolement social en QPV",
        "subject": (
            "Trouver des réponses à l'isolement social dans le QPV Chantereigne Montvilliers "
            "Beau Toquat"
        ),
        "workshop": "Atelier 2 / Salle Myrtilles",
        "territory": "qpv-chapelle",
        "organisations": ["chapelle"],
        "speakers": ["Brulefert", "Nobili"],
        "themes": ["isolement", "cooperation"],
    },
    {
        "slug": "animation-territoriale-forbach-porte-de-france",
        "title": "L'animation territoriale",
        "subject": "Mettre en place une animation territoriale",
        "workshop": "Atelier 3 / Espace Lorraine",
        "territory": "forbach-agglo",
        "organisations": ["forbach"],
        "speakers": ["Martin", "D'Angelo"],
        "themes": ["gouvernance", "cooperation"],
    },
    {
        "slug": "village-des-solidarites-grand-nancy",
        "title": "Le village des solidarités",
        "subject": "Concevoir un village des solidarités",
        "workshop": "Atelier 4 / Salle Gruber",
        "territory": "grand-nancy",
        "organisations": ["grand-nancy"],
        "speakers": ["Noirault"],
        "themes": ["isolement", "cooperation"],
    },
]

MEETINGS = [
    {
        "slug": "rencontre-jeunesse-bischheim-2025",
        "title": (
            "La jeunesse en quartiers populaires : agir entre émancipation, autonomie et "
            "engagements"
        ),
        "date": datetime.date(2025, 3, 7),
        "date_label": "7 mars 2025",
        "place": "Bischheim (Bas-Rhin)",
        "territory": "bischheim",
        "themes": ["jeunesse"],
        "takeaway": (
            "Privilégier une approche globale et travailler sur les parcours en tenant compte "
            "des besoins des jeunes et de leurs aspirations."
        ),
    },
    {
        "slug": "rencontre-familles-metz-metropole-2025",
        "title": "Familles et monoparentalité : (re)penser l'accompagnement",
        "date": datetime.date(2025, 4, 24),
        "date_label": "24 avril 2025",
        "place": "Metz Métropole (Moselle)",
        "territory": "metz-metropole",
        "themes": ["familles"],
        "takeaway": (
            "Articuler les structures de droit commun pour permettre aux parents de bénéficier "
            "les équipements existants."
        ),
    },
    {
        "slug": "rencontre-isolement-la-chapelle-saint-luc-2025",
        "title": "Isolement et vulnérabilité : agir sur les solitudes par les solidarités",
        "date": datetime.date(2025, 5, 16),
        "date_label": "16 mai 2025",
        "place": "La Chapelle-Saint-Luc (Aube)",
        "territory": "chapelle",
        "themes": ["isolement"],
        "takeaway": (
            "Confronter les constats pour identifier les « besoins » et à partir de l'existant "
            "construire, en commun, des actions y répondre."
        ),
    },
]

INDEX_INTRODUCTION = (
    "<p>Les expériences partagées par les acteurs des contrats de ville du Grand Est : les "
    "ateliers d'expériences de la journée régionale du 2 octobre 2025 « Concevoir des "
    "coopérations pour mieux agir auprès des habitants et habitantes ! » et les trois "
    "rencontres territoriales qui l'ont précédée.</p>"
    '<p>Ressource : <a href="https://www.oriv.org/publication/cooperations-en-quartier-'
    'populaire-des-pratiques-renouvelees-webdocumentaire/">Coopérations en quartier populaire : '
    "des pratiques renouvelées (webdocumentaire)</a>.</p>"
)
MAP_INTRODUCTION = (
    "<p>Qui fait quoi, où : les organisations du réseau des contrats de ville et leurs "
    "contacts. La liste ci-dessous se filtre par thématique, type d'organisation, territoire ou "
    "nom.</p>"
    '<p>Voir aussi la <a href="https://www.oriv.org/politique-de-la-ville-en-grand-est/">'
    "cartographie des contrats de ville</a>.</p>"
)


def _decimal(value):
    return Decimal(value) if value is not None else None


def _territories():
    territories = {}
    for key, (name, kind, code, lat, lon, parent) in TERRITORIES.items():
        territory = Territory.objects.filter(name=name, kind=kind).first()
        if territory is None:
            territory = TerritoryFactory(
                name=name,
                kind=kind,
                code=code,
                latitude=_decimal(lat),
                longitude=_decimal(lon),
                parent=territories.get(parent),
            )
        territories[key] = territory
    return territories


def _organisations(territories, themes):
    organisations = {}
    for key, (name, kind, territory, website, theme_slugs) in ORGANISATIONS.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            place = territories.get(territory)
            is_commune_level = place is not None and place.has_point
            organisation = OrganisationFactory(
                name=name,
                kind=kind,
                territory=place,
                website=website,
                latitude=place.latitude if is_commune_level else None,
                longitude=place.longitude if is_commune_level else None,
                visible_to_partners=True,
                themes=[themes[slug] for slug in theme_slugs],
            )
        organisations[key] = organisation
    return organisations


def _contacts(organisations):
    from django.utils.text import slugify

    contacts = {}
    for first, last, job_title, organisation in CONTACTS:
        email = f"{slugify(first)}.{slugify(last)}@example.org"
        contacts[last] = ContactFactory(
            first_name=first,
            last_name=last,
            job_title=job_title,
            organisation=organisations[organisation],
            email=email,
            phone="",
            visible_to_partners=True,
            source=SOURCE,
        )
    return contacts


def _index_pages(home):
    index = ExperienceIndexPage.objects.child_of(home).first()
    if index is None:
        index = ExperienceIndexPageFactory(
            parent=home,
            title="Expériences territoriales",
            slug="experiences",
            introduction=INDEX_INTRODUCTION,
            show_in_menus=True,
            visible_to_partners=True,
        )
    if not NetworkMapPage.objects.exists():
        NetworkMapPageFactory(
            parent=home,
            title="Carte du réseau",
            slug="carte-du-reseau",
            introduction=MAP_INTRODUCTION,
            show_in_menus=True,
            visible_to_partners=True,
        )
    return index


def _experience(index, slug, **fields):
    """The page with this slug under the index, created (and published) if missing."""
    page = ExperiencePage.objects.child_of(index).filter(slug=slug).first()
    if page is not None:
        return page, False
    relations = {name: fields.pop(name) for name in ("organisations", "contacts", "themes")}
    page = ExperiencePageFactory(parent=index, slug=slug, visible_to_partners=True, **fields)
    for name, objects in relations.items():
        getattr(page, name).set(objects)
    page.save_revision().publish()
    return page, True


def _link_to_event(page):
    """Point the page to the regional day, when the pages demo has created it: the day's
    workshop of the page's number (« Atelier 1 / ... ») then links to the page."""
    event = Page.objects.live().filter(slug=EVENT_SLUG).first()
    if event is not None and page.event_id is None:
        fill_demo_fields(page, event=event)


@transaction.atomic
def load(stdout=None):
    home = ensure_home_page()
    themes = ensure_themes()
    territories = _territories()
    organisations = _organisations(territories, themes)
    contacts = _contacts(organisations)
    index = _index_pages(home)
    created = 0
    for workshop in WORKSHOPS:
        page, is_new = _experience(
            index,
            workshop["slug"],
            title=workshop["title"],
            kind=ExperiencePage.Kind.EXPERIENCE,
            date=DAY,
            summary=(
                f"{workshop['workshop']} de la journée régionale du 2 octobre 2025 : "
                f"« {workshop['subject']} »."
            ),
            territory=territories[workshop["territory"]],
            workshop=workshop["workshop"],
            organisations=[organisations[key] for key in workshop["organisations"]],
            contacts=[contacts[last] for last in workshop["speakers"]],
            themes=[themes[slug] for slug in workshop["themes"]],
        )
        created += is_new
        _link_to_event(page)
    for meeting in MEETINGS:
        _page, is_new = _experience(
            index,
            meeting["slug"],
            title=meeting["title"],
            kind=ExperiencePage.Kind.MEETING,
            date=meeting["date"],
            summary=(
                f"Rencontre territoriale du {meeting['date_label']} à {meeting['place']}, "
                "l'une des trois rencontres organisées depuis la 1re journée régionale des "
                "contrats de ville du 14 novembre 2024."
            ),
            territory=territories[meeting["territory"]],
            takeaways=f"<p>{meeting['takeaway']}</p>",
            organisations=[],
            contacts=[],
            themes=[themes[slug] for slug in meeting["themes"]],
        )
        created += is_new
    if stdout is not None:
        stdout.write(
            f"Réseau territorial : {len(organisations)} organisations, {len(contacts)} contacts, "
            f"{created} page(s) d'expérience créée(s)."
        )
