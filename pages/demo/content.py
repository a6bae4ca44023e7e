"""Themes and plain content pages (the accessibility statement)."""

from pages.factories import ContentPageFactory

from .helpers import ensure_page, heading, paragraph

THEMES = [
    "Jeunesse",
    "Familles",
    "Isolement",
    "TFPB",
    "Gouvernance",
    "Animation territoriale",
    "Intelligence collective",
]

ACCESSIBILITY_BODY = [
    paragraph(
        "<p>Le portail Coopérer s'engage à rendre son service accessible, conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
    ),
    heading("État de conformité"),
    paragraph(
        "<p>Le portail est partiellement conforme avec le référentiel général d'amélioration de "
        "l'accessibilité (RGAA), version 4.1 : chaque type de page est audité automatiquement "
        "(axe-core) à chaque évolution ; aucun audit complet par un organisme extérieur n'a "
        "encore été réalisé.</p>"
    ),
    heading("Ce que le portail garantit"),
    paragraph(
        "<ul><li>des liens d'évitement vers le contenu, le menu et la recherche ;</li>"
        "<li>une navigation complète au clavier ;</li>"
        "<li>des pages lisibles sans JavaScript et imprimables ;</li>"
        "<li>des alternatives textuelles (tableaux) pour les graphiques et les cartes.</li></ul>"
    ),
    heading("Signaler un défaut d'accessibilité"),
    paragraph(
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'équipe de "
        "coordination du portail pour être orienté vers une alternative accessible.</p>"
    ),
    heading("Voies de recours"),
    paragraph(
        "<p>Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu, "
        "que vous nous l'avez signalé et que vous n'avez pas obtenu de réponse satisfaisante, "
        "vous pouvez saisir le Défenseur des droits.</p>"
    ),
]


def load(home, created):
    page, _ = ensure_page(
        ContentPageFactory,
        home,
        "accessibilite",
        created,
        title="Déclaration d'accessibilité",
        introduction="",
        body=ACCESSIBILITY_BODY,
        visible_to_partners=True,
    )
    return page
