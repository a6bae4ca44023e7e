"""Plain content pages (the accessibility statement)."""

from pages.factories import ContentPageFactory
from portal.demo import fill_demo_fields

from .helpers import ensure_page

# The statement itself is rendered from the portal's settings (Paramètres › Réglages du portail),
# following the RGAA model; the demo fills only what is true of this code base.
STATEMENT = {
    "compliance": "non",
    "audit_method": (
        "Auto-évaluation par l'équipe de développement, sans audit complet sur l'échantillon "
        "du RGAA.\n"
        "Tests automatisés à chaque évolution : axe-core dans Chromium sur chaque type de page, "
        "validateur HTML Nu (vnu) sur chaque page du site de démonstration.\n"
        "Affichage vérifié à 320 pixels de large sur chaque page du site de démonstration.\n"
        "Parcours au clavier vérifiés : carte du réseau (groupes de repères, fiches), menu sur "
        "petit écran, résumé des erreurs des formulaires.\n"
        "Technologies : HTML5, CSS, JavaScript (amélioration progressive : chaque page "
        "fonctionne sans JavaScript)."
    ),
    "non_accessible_content": (
        "Aucun test n'a encore été mené avec des lecteurs d'écran ni par des personnes en "
        "situation de handicap.\n"
        "Les documents téléversés par les éditeurs (PDF, tableurs, présentations) ne sont pas "
        "vérifiés par le portail."
    ),
    "exempt_content": (
        "Les cartes interactives (carte du réseau, carte des expériences) : les mêmes "
        "informations sont données par la liste qui suit chaque carte."
    ),
}


def fill_statement(portal_settings):
    """The statement's values, where the settings still have none (an editor's stay)."""
    from django.utils import timezone

    changed = False
    for name, value in STATEMENT.items():
        if name != "compliance" and not getattr(portal_settings, name):
            setattr(portal_settings, name, value)
            changed = True
    if portal_settings.statement_date is None:
        portal_settings.statement_date = timezone.localdate()
        changed = True
    if changed:
        portal_settings.save()


def load(home, created):
    page, _ = ensure_page(
        ContentPageFactory,
        home,
        "accessibilite",
        created,
        title="Déclaration d'accessibilité",
        introduction="",
        body=[],
        visible_to_partners=True,
    )
    if len(page.body):  # the former hand-written statement: now rendered from the settings
        fill_demo_fields(page, body=[])
    return page
