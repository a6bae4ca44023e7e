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


def edited_by_someone(page):
    """Whether a person has saved this page (a revision with an author): the demo keeps off it.

    The demo writes its revisions without an author, so any authored revision is an editor's.
    """
    return page.revisions.exclude(user=None).exists()


def fill_demo_fields(page, **fields):
    """Give a page the demo's values, unless an editor has saved it: then it stays theirs.

    The one rule for every demo module that would change an existing page (``make run`` loads
    the demo at every start): only pages that no person has edited are completed, and only
    fields that differ are written, so running the demo again changes nothing. Returns whether
    the page was changed.
    """
    changes = {name: value for name, value in fields.items() if getattr(page, name) != value}
    if not changes or edited_by_someone(page):
        return False
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return True


@transaction.atomic
def load(stdout=None, with_accounts=True):
    home = ensure_home_page()
    changed = fill_demo_fields(
        home, hero_title=HERO_TITLE, hero_text=HERO_TEXT, partner_text=PARTNER_TEXT
    )
    if stdout and changed:
        stdout.write("Page d'accueil : texte de démonstration ajouté.")

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
