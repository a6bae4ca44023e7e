"""Demo accounts and the home page's demo text (called by ``manage.py load_demo_content``)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from portal.factories import UserFactory
from portal.roles import AGENTS, COMMUNICATION, COORDINATION, PARTNERS
from portal.site import ensure_home_page

DEMO_PASSWORD = "cooperer-demo-2026"

# username, first name, last name, role (None: superuser), what they do
DEMO_ACCOUNTS = [
    ("agent", "Camille", "Martin", AGENTS, "agente : lit le portail, répond aux questionnaires"),
    (
        "partenaire",
        "Sacha",
        "Bernard",
        PARTNERS,
        "partenaire : lit les pages ouvertes aux partenaires",
    ),
    ("communication", "Dominique", "Petit", COMMUNICATION, "édite et publie les pages"),
    ("coordination", "Alex", "Durand", COORDINATION, "résultats, exports, imports"),
    ("admin", "Claude", "Admin", None, "superutilisateur"),
]

HERO_TITLE = "Coopérer, ensemble, au service des habitants"
HERO_TEXT = (
    "<p>Passer de « chacun à sa place » à « chacun a sa place » : le portail de l'Atelier de "
    "la coopération et du réseau des acteurs des contrats de ville. Programme des saisons, "
    "expériences territoriales, journées régionales, synthèses d'ateliers et questionnaires.</p>"
)


@transaction.atomic
def load(stdout=None, with_accounts=True):
    home = ensure_home_page()
    changed = False
    if home.hero_title != HERO_TITLE or home.hero_text != HERO_TEXT:
        home.hero_title = HERO_TITLE
        home.hero_text = HERO_TEXT
        home.save_revision().publish()
        changed = True
    if stdout and changed:
        stdout.write("Page d'accueil mise à jour.")

    accounts = []
    if with_accounts:
        User = get_user_model()
        for username, first, last, role, what in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                accounts.append((username, role, what, False))
                continue
            user = UserFactory(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                role=role,
                is_staff=role is None,
                is_superuser=role is None,
            )
            accounts.append((user.username, role, what, True))
    return accounts
