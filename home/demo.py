"""The home page's demo text (called by ``manage.py load_demo_content``)."""

from django.db import transaction

from home.site import ensure_home_page
from portal.demo import fill_demo_fields

HERO_TITLE = "Coopérer, ensemble, au service des habitantes et des habitants"
HERO_TEXT = (
    "<p>Passer de « chacun à sa place » à « chacun a sa place » : le portail de l'Atelier de "
    "la coopération et du réseau des acteurs des contrats de ville. Programme des saisons, "
    "expériences territoriales, journées régionales, synthèses d'ateliers et questionnaires.</p>"
)

# What partners read instead: only what is open to them (the city's programme is not).
PARTNER_TEXT = (
    "<p>Le portail du réseau des acteurs des contrats de ville : journées régionales, "
    "synthèses d'ateliers, boîte à outils de la coopération, expériences territoriales et "
    "carte du réseau.</p>"
)


@transaction.atomic
def load(stdout=None):
    home = ensure_home_page()
    changed = fill_demo_fields(
        home, hero_title=HERO_TITLE, hero_text=HERO_TEXT, partner_text=PARTNER_TEXT
    )
    if stdout and changed:
        stdout.write("Page d'accueil : texte de démonstration ajouté.")
