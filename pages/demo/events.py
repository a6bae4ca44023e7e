"""The network's events, workshop syntheses and method sheets.

Sources: seeds/002 (Grand Est regional day of 2 October 2025, co-development method),
seeds/001 (cooperation day: timed steps, word café), seeds/003 and 004 (Emergence syntheses).
"""

import datetime

from wagtail.search.index import insert_or_update_object

from pages.factories import (
    EventAgendaItemFactory,
    EventIndexPageFactory,
    EventMethodWorkshopFactory,
    EventPageFactory,
    EventWorkshopFactory,
    MethodIndexPageFactory,
    MethodPageFactory,
    WorkshopReportIndexPageFactory,
    WorkshopReportPageFactory,
)
from pages.models import EventMethodWorkshop, MethodPage
from portal.demo import fill_demo_fields

from .helpers import ensure_page, heading, link, paragraph, quote, step

REGIONAL_DAY_SLUG = "journee-regionale-grand-est-2025"

REGIONAL_DAY_OBJECTIVES = (
    "<ul><li>Échanger autour d'un enjeu majeur des contrats de ville : la coopération entre "
    "acteurs (habitants-es, techniciens-nes de l'État et des collectivités, élus-es, signataires "
    "du contrat de ville, acteurs-rices des associations...)</li>"
    "<li>Mieux (co)définir la notion.</li>"
    "<li>Zoomer sur une démarche « Quartiers à Impact Collectif » s'appuyant sur l'approche "
    "orientée changement (AOC) qui s'appuie sur les coopérations.</li>"
    "<li>Présenter des expériences à partir de territoires.</li>"
    "<li>Tester des méthodes s'appuyant sur des coopérations.</li></ul>"
)

REGIONAL_DAY_BODY = [
    heading("Depuis la première journée régionale sur les contrats de ville en Grand Est…"),
    paragraph(
        "<p>Ce qui s'est passé depuis la 1ère journée régionale des contrats de ville le 14 "
        "novembre 2024 : trois rencontres territoriales.</p>"
        "<ul><li>La jeunesse en quartiers populaires : agir entre émancipation, autonomie et "
        "engagements – 7 mars 2025 à Bischheim (Bas-Rhin)</li>"
        "<li>Familles et monoparentalité : (re)penser l'accompagnement – 24 avril 2025 à Metz "
        "Métropole (Moselle)</li>"
        "<li>Isolement et vulnérabilité : agir sur les solitudes par les solidarités – 16 mai "
        "2025 à La Chapelle-Saint-Luc (Aube)</li></ul>"
    ),
    heading("Pourquoi s'intéresser aux coopérations ?"),
    paragraph(
        "<p>Une évidence suite aux différentes rencontres territoriales. Un questionnement : des "
        "coopérations ?</p>"
        "<ul><li>Un « sujet » émergent comme une évidence pendant la période de la crise "
        "sanitaire (2020)…</li>"
        "<li>Une exploration des modes de travail à partir des actions menées sur les vacances : "
        "des visioconférences et la diffusion d'un questionnaire.</li>"
        "<li>La capitalisation des réflexions : production d'un rapport.</li>"
        "<li>Une volonté de poursuivre pour aller plus loin avec deux cycles de temps d'échanges "
        "et d'apports de ressources et deux journées régionales : mai 2020 à septembre 2022."
        "</li>"
        "<li>Une volonté dans les contrats de ville : gouvernance, modes de travail…</li></ul>"
        "<p>Aujourd'hui, où en est-on ?</p>"
    ),
    heading("Coopération…"),
    quote(
        "La coopération est le fait d'agir, de travailler conjointement avec une personne ou un "
        "groupe de personnes pour faire œuvre commune."
    ),
    paragraph(
        "<p>Elle représente donc un travail collectif. La coopération implique de se faire "
        "confiance, de comprendre et d'accepter les limites de compétence des autres, de penser "
        "la controverse et d'accepter la conflictualité.</p>"
        "<p>Trois éléments déterminants : la volonté des acteurs, le but commun et le fait "
        "d'intervenir sur un même territoire ou sur un même sujet. Elle s'inscrit dans le "
        "temps.</p>"
        "<p>La coopération n'est pas une finalité en soi, mais un moyen de résoudre autrement "
        "face à des problèmes ou pour construire un projet / une action.</p>"
    ),
]

# (title, speakers, description): the running order, in the seed's order (no times given).
REGIONAL_DAY_AGENDA = [
    (
        "Intervention d'ouverture",
        "Zoé Fontier, chargée de mission, Secrétariat général pour les affaires régionales et "
        "européennes ; Nicolas Bachet, chargé de mission, Direction régionale de l'économie, de "
        "l'emploi, du travail et des solidarités",
        "",
    ),
    ("Les coopérations", "Intervention de l'ORIV", ""),
    ("Coopérer, ça veut dire quoi ?", "Intervention du DSU Grand Est", ""),
    (
        "Coopérer : Quartiers à Impact Collectif",
        "Laurent Bielicki, chargé de mission, Cité ressources",
        "",
    ),
    (
        "Présentation d'expériences",
        "",
        "Atelier 1 – Abattement TFPB et « territoire commun » ; Atelier 2 – L'isolement social "
        "en QPV ; Atelier 3 – L'animation territoriale ; Atelier 4 – Le village des solidarités.",
    ),
    ("Repas", "", ""),
    (
        "Testons les coopérations – Ateliers",
        "",
        "Des méthodes : Codéveloppement ; Serious Game ; Coop ou pas coop ; Anarchaise.",
    ),
    ("Retour sur les ateliers", "", ""),
    ("Clôture", "", ""),
]

# The four experience workshops, numbered as in the seed; the experiences demo creates the
# experience pages, whose event and workshop number link each of them to its workshop row.
REGIONAL_DAY_WORKSHOPS = [
    {
        "number": 1,
        "room": "Salle Chardon",
        "title": "Abattement TFPB et « territoire commun »",
        "subject": "Répondre aux besoins des habitants à partir de l'abattement TFPB",
        "territory": "Ville de Vandœuvre-lès-Nancy",
        "speakers": "Philippe Atain-Kouadio",
    },
    {
        "number": 2,
        "room": "Salle Myrtilles",
        "title": "L'isolement social en QPV",
        "subject": "Trouver des réponses à l'isolement social dans le QPV Chantereigne "
        "Montvilliers Beau Toquat",
        "territory": "Ville de La Chapelle-Saint-Luc",
        "speakers": "Olivia Brulefert et Anita Nobili",
    },
    {
        "number": 3,
        "room": "Espace Lorraine",
        "title": "L'animation territoriale",
        "subject": "Mettre en place une animation territoriale",
        "territory": "Agglomération de Forbach Porte de France",
        "speakers": "Jérôme Martin et Carlo D'Angelo",
    },
    {
        "number": 4,
        "room": "Salle Gruber",
        "title": "Le village des solidarités",
        "subject": "Concevoir un village des solidarités",
        "territory": "Métropole du Grand Nancy",
        "speakers": "Adrien Noirault",
    },
]

# (room, method, facilitators, colour group)
REGIONAL_DAY_METHODS = [
    ("Salle Chardon", "Co-développement", "Emilie et Murielle", "bleu"),
    ("Salle Myrtilles", "Coop ou pas coop", "Johan", "rouge"),
    ("Espace Lorraine", "Anarchaise", "Gaëlle et Laurent", "jaune"),
    ("Salle Gruber", "Serious Game", "Laëtitia et Rémi", "vert"),
]

JACQUARD = (
    "Toute compétition est un suicide […] Mettre en commun est l'acte qui nous constitue. Si "
    "l'on estime que cela est impossible, on refuse tout projet humain."
)

# (title, duration in minutes, description): the cooperation day of seeds/001.
COOPERATION_DAY_AGENDA = [
    (
        "Mise en route de la journée",
        7,
        "Debout et en groupe de 5 personnes que vous ne connaissez pas (ou peu), discutez "
        "librement pendant 7 minutes : « Quels sont, selon vous, les plus beaux exemples de "
        "coopération sur votre territoire ? Et qu'est-ce qui a rendu cette coopération "
        "possible ? » Une personne par groupe note 1 mot-clé qui résume ce qui rend la "
        "coopération possible.",
    ),
    (
        "Mise en contexte",
        None,
        "La coopération, ce n'est pas un concept. C'est quelque chose que l'on vit parfois "
        "intensément, parfois difficilement, à tous les niveaux…",
    ),
    (
        "Word café",
        None,
        "Qu'est-ce que vous inspirent ces thématiques ? Comment agir sur ces thématiques ? Que "
        "faut-il faire différemment, que faut-il changer aujourd'hui ? 20 minutes sur une "
        "thématique, seulement 4 possibles dans la matinée.",
    ),
    (
        "L'approche de l'impact collectif : passer d'un collectif d'acteurs à un acteur collectif",
        None,
        "L'approche de l'impact collectif repose sur la conviction qu'il est possible de "
        "transformer une situation si l'on renforce la mobilisation et la collaboration autour "
        "d'une cible de changement partagée et que l'on tire parti des apprentissages pour "
        "ajuster l'action au fur et à mesure.",
    ),
    (
        "Être co-auteur d'une œuvre commune",
        90,
        "À partir des échanges du matin et en petits collectifs (3 à 5 participants) : partager "
        "une nécessité à agir (urgence ?), sur une ou plusieurs thématiques, peu importe votre "
        "territoire (quartier – ville – agglo – ruralité).",
    ),
    (
        "Les personnes ressources à mobiliser",
        15,
        "Vous avez un sentiment d'urgence partagé ? Quels sont les personnes ressources, "
        "influentes qui seraient possibles, nécessaires de mobiliser ? Êtes-vous prêt à engager "
        "du temps, de l'énergie dans ce collectif d'acteurs ?",
    ),
    (
        "Les prochains petits pas",
        15,
        "Quels sont vos prochains petits pas sur la structuration de votre coopération naissante "
        "autour de cet objet commun ?",
    ),
]


def load(home, themes, created):
    index, _ = ensure_page(
        EventIndexPageFactory,
        home,
        "journees",
        created,
        title="Journées régionales et de la coopération",
        introduction="<p>Les journées du réseau des acteurs des contrats de ville : programmes, "
        "ateliers et ressources.</p>",
        visible_to_partners=True,
    )
    regional_day, is_new = ensure_page(
        EventPageFactory,
        index,
        REGIONAL_DAY_SLUG,
        created,
        themes=[themes[slug] for slug in ("jeunesse", "familles", "isolement", "tfpb")],
        title="Journée régionale Grand Est – 2 octobre 2025",
        subtitle="Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !",
        kind="regional_day",
        date=datetime.date(2025, 10, 2),
        place="",
        support="Réseau",
        objectives=REGIONAL_DAY_OBJECTIVES,
        body=REGIONAL_DAY_BODY,
        resources=[
            link(
                "Coopérations en quartier populaire : des pratiques renouvelées",
                "https://www.oriv.org/publication/"
                "cooperations-en-quartier-populaire-des-pratiques-renouvelees-webdocumentaire/",
                "Webdocumentaire de l'ORIV",
            ),
            link(
                "Cartographie des contrats de ville",
                "https://www.oriv.org/politique-de-la-ville-en-grand-est/",
                "La politique de la ville en Grand Est",
            ),
        ],
        visible_to_partners=True,
    )
    if is_new:
        for order, (title, speakers, description) in enumerate(REGIONAL_DAY_AGENDA):
            EventAgendaItemFactory(
                page=regional_day,
                sort_order=order,
                title=title,
                speakers=speakers,
                description=description,
                duration_minutes=None,
            )
        for order, workshop in enumerate(REGIONAL_DAY_WORKSHOPS):
            EventWorkshopFactory(page=regional_day, sort_order=order, **workshop)
        for order, (room, method, facilitators, colour) in enumerate(REGIONAL_DAY_METHODS):
            EventMethodWorkshopFactory(
                page=regional_day,
                sort_order=order,
                room=room,
                method_name=method,
                facilitators=facilitators,
                colour_group=colour,
            )
        # The search index holds the workshops and agenda: refresh it now they exist.
        insert_or_update_object(regional_day)

    cooperation_day, is_new = ensure_page(
        EventPageFactory,
        index,
        "journee-de-la-cooperation",
        created,
        themes=[themes["intelligence-collective"]],
        title="Journée de la coopération",
        subtitle="Passer d'un collectif d'acteurs à un acteur collectif",
        kind="cooperation_day",
        date=None,  # seeds/001 gives no date: none is shown
        place="",
        body=COOPERATION_DAY_BODY,
        visible_to_partners=True,
    )
    if not is_new:  # demo sites loaded before: no invented date, the seed's full text
        fill_demo_fields(cooperation_day, date=None)
        if "3ème stratégie" not in str(cooperation_day.body):
            fill_demo_fields(cooperation_day, body=COOPERATION_DAY_BODY)
    if is_new:
        for order, (title, minutes, description) in enumerate(COOPERATION_DAY_AGENDA):
            EventAgendaItemFactory(
                page=cooperation_day,
                sort_order=order,
                title=title,
                duration_minutes=minutes,
                description=description,
            )
        insert_or_update_object(cooperation_day)
    return index, regional_day, cooperation_day


COOPERATION_DAY_BODY = [
    quote(JACQUARD, "Albert Jacquard"),
    paragraph(
        "<p>L'approche de l'impact collectif suppose un changement de posture : plutôt "
        "que de concevoir un projet avec des stratégies d'action déterminées et de le "
        "présenter à divers partenaires ou potentiels dans l'espoir de susciter leur "
        "adhésion, il s'agit de rassembler d'abord des acteurs motivés, les parties "
        "touchées par la situation que l'on souhaite changer, et de construire ensemble "
        "une vision commune du changement à faire apparaître ainsi que des moyens à "
        "déployer pour y arriver.</p>"
        "<p>Et si une injustice, une problématique particulière, une volonté forte que "
        "des situations (localement) changent pour les jeunes, les enfants, les familles "
        "soient le moteur d'une coopération structurée ?</p>"
    ),
    paragraph(
        "<p><strong>C'est faire le pari que cette approche et la 3ème stratégie vous "
        "inspire.</strong></p>"
    ),
]


def load_reports(home, themes, created):
    index, _ = ensure_page(
        WorkshopReportIndexPageFactory,
        home,
        "syntheses",
        created,
        title="Synthèses des ateliers",
        introduction="<p>Les synthèses des ateliers d'échange : questions, discussions et idées à "
        "creuser.</p>",
        visible_to_partners=True,
    )
    ensure_page(
        WorkshopReportPageFactory,
        index,
        "atelier-5-emergence-session-1",
        created,
        themes=[themes["gouvernance"]],
        title="Atelier 5 – Emergence – Session 1",
        questions="<p>Élaborer une charte de coopération dans une organisation : comment et "
        "quoi ?</p>",
        synthesis="<p>La coopération interne est plutôt consensuelle, mais on manque d'outils "
        "pour la faire fonctionner dans l'organisation.</p><p>3 grandes briques :</p><ul>"
        "<li>valeurs, postures : d'accord et partagé (bonnes intentions) ;</li>"
        "<li>outils/méthodologie : à creuser, structurer et développer pour matérialiser, dans "
        "le fonctionnement réel, les bonnes intentions ;</li>"
        "<li>la gouvernance de cette charte (portage, déploiement).</li></ul>"
        "<p>Proposition : une co-construction de la charte de coopération et de ses outils "
        "(d'animation, de gouvernance, de formalisation, de management/RH).</p>",
        carriers="Florence Mensah",
        participants="Martin Preaud\nJacky Le Bihan\nMathilde van Derrusten\nJérémy Montagny",
        discussion="<ul>"
        "<li>Contexte/origine : comment favoriser la coopération au sein de la collectivité : "
        "freins (quelles règles, où on la fait, avec quoi, sur quel temps RH). Enjeu : on estime "
        "que ça ne fait pas partie de l'activité pro. Quelle place ? Avec qui ? Comment ?</li>"
        "<li>Constat : coopération beaucoup au niveau cadres A : comment toucher/impliquer tous "
        "les agents ?</li>"
        "<li>Constat : beaucoup de gens perdus au moment du confinement sur la conduite "
        "collaborative de projets et ses outils.</li>"
        "<li>Constat : rivalités entre directions (voire directeurs) dans structures "
        "hiérarchiques.</li>"
        "<li>N'est-ce pas lié à la maturité de fonctionnement en mode projet ?</li>"
        "<li>Enjeu de portage par la direction générale (difficulté accès et portage de "
        "l'ensemble des projets de la collectivité).</li>"
        "<li>Faut-il construire la charte d'abord ? Ne faudrait-il pas la rattacher à un ou des "
        "objets concrets ? À partir de retours d'expérience structurés sur des projets "
        "réalisés.</li>"
        "<li>La co-construire, en étant aussi inclusif que possible, en impliquant aussi la "
        "hiérarchie.</li>"
        "<li>Ressource : MOOC Innovation – charte des explorateurs collaboratifs : valeurs et "
        "postures : comment on va vers quelque chose de plus opérationnel, pratico-pratique.</li>"
        "<li>Comment faire accepter par la DG et les managers ? Comment l'intégrer dans "
        "l'activité réelle ? (pour libérer du temps effectif au service de la coopération) "
        "Contractualiser ?</li>"
        "<li>Comment valoriser la coopération dans les entretiens pro ? En faire un objectif ? "
        "Comment mesurer capacités coopératives ? À inclure également dans les objectifs des "
        "managers ?</li>"
        "<li>Rôle du partage et de la transparence de l'information = condition nécessaire. "
        "Identification des informations pertinentes ou décisives.</li>"
        "<li>Constat : confinement et TAD ont empêché circulation informelle de l'information : "
        "comment créer de l'informel à distance (fonction conversation, WhatsApp ?)</li></ul>",
        ideas="<ul><li>Formaliser le mode projet et les modes de coopération associés</li>"
        "<li>Contenu méthodologie de la charte + gouvernance des projets</li>"
        "<li>Le contenu potentiel de la charte : valeurs/postures (cf. explorateurs "
        "collaboratifs) ; méthodo collaborative, co-construction ; éléments de "
        "formalisation/outils RH (lettres de missions, fiches de poste, etc.) ; "
        "gouvernance/comitologie des projets ; outils utilisés (logiciels collaboratifs, outils "
        "d'animation...)</li>"
        "<li>Modalités de construction de la charte : collaborative, inclusive (à la fois DG et "
        "tous agents) ; à partir de retours d'expérience structurés sur des projets menés dans "
        "la collectivité</li>"
        "<li>Intégrer la coopération comme compétence professionnelle/facteur de réussite dans "
        "les entretiens pro</li>"
        "<li>L'identification de parties prenantes externes comme levier de développement de la "
        "coopération interne</li></ul>",
        visible_to_partners=True,
    )
    ensure_page(
        WorkshopReportPageFactory,
        index,
        "atelier-2-emergence-session-2",
        created,
        themes=[themes["intelligence-collective"]],
        title="Atelier 2 – Emergence – Session 2",
        questions="<ul><li>Qu'est-ce qu'apporte concrètement la coopération et les pratiques "
        "collaboratives pour un territoire ?</li>"
        "<li>Comment faire concrètement pour embarquer des « non initiés » dans des démarches "
        "nouvelles de coopération, donner envie de faire autrement par petite touche ?</li></ul>",
        synthesis="<ul>"
        "<li>La coopération en réponse à des situations d'urgence et de chaos (en alternative "
        "surtout lorsque l'on ne sait pas faire)</li>"
        "<li>Un besoin ressenti d'avancer ensemble, de faire communauté</li>"
        "<li>La coopération c'est aussi faciliter une abondance d'idées qui s'enrichissent les "
        "unes les autres</li>"
        "<li>La coopération facilite l'implication et une adéquation aux attentes des "
        "personnes</li>"
        "<li>La coopération rime aussi avec frugalité</li>"
        "<li>Enrichissement par apport des autres, « terreau fertile » et au croisement des "
        "réseaux (démarche horizontale), transversalité</li>"
        "<li>La coopération est une culture de bienveillance ; renforce la confiance en soi, "
        "s'autoriser à essayer</li>"
        "<li>La culture de la coopération est un changement culturel qui demande du temps "
        "long</li>"
        "<li>Peu de retours encore sur ce qu'apporte la coopération pour une collectivité</li>"
        "<li>En quelle qualité on vient dans la coopération ? Quel champ de possible ?</li>"
        "</ul><p><strong>Conclusion</strong></p><ul>"
        "<li>Au-delà d'une formation, sensibilisation à la coopération, comment on l'orchestre ? "
        "Et comment poursuivre la dynamique ?</li>"
        "<li>Rôle du CNFPT dans la diffusion de cette culture de la coopération, son "
        "accompagnement et la reliance des acteurs et des territoires</li></ul>",
        carriers="Michel Briand et Anne Berlemont",
        participants="Charlotte Staelens\nAymeric Sauvage\nAurore Bourge\n"
        "Amina Rouillé d'Orfeuill\nSylvie Chokroun",
        discussion="<ul>"
        "<li>Ce qu'apporte pour chacun.e…</li>"
        "<li>La coopération marche bien lorsqu'il y a abondance</li>"
        "<li>La coopération renforce la confiance en soi (en particulier pour les personnes en "
        "précarité)</li>"
        "<li>La coopération est facteur d'intelligence collective</li>"
        "<li>Distinction sur la coopération ouverte</li>"
        "<li>Face à l'urgence on est amené à coopérer</li>"
        "<li>Est-ce qu'il n'y a pas aussi la question du chaos où les solutions classiques ne "
        "sont plus opérantes ?</li>"
        "<li>Un besoin ressenti d'avancer ensemble ; plus envie de se retrouver tout seul</li>"
        "<li>De petites expériences irréversibles de coopération</li>"
        "<li>Cécile via le chat : de toutes façons, il faut toujours adapter à son contexte, "
        "mais effectivement pourquoi passer du temps à réinventer ce que d'autres ont fait… "
        "Exemple des collectivités dites école</li>"
        "<li>Collectivités école = qui ont réussi à innover/résoudre les défis sociétaux et des "
        "transitions… Le CNFPT peut jouer ce rôle de lien et de partage de par son rôle "
        "d'établissement de service public au service de l'intérêt général sur tout le "
        "territoire. Quels formats proposer pour cela ? L'espace wiki était une belle "
        "proposition</li>"
        "<li>Importance de l'expérience avec d'autres, on fait « communautés »</li>"
        "<li>Temps long du changement culturel associé à la coopération</li>"
        "<li>Plus d'idées de solution plus vite ; des idées plus adaptées aux attentes des "
        "personnes</li>"
        "<li>Par l'implication des personnes cela limite les conflits</li>"
        "<li>Cela permet à chacun de s'exprimer sans jugement et de s'impliquer plus "
        "facilement</li>"
        "<li>La coopération rime avec bienveillance ; elle est aussi synonyme de frugalité</li>"
        "<li>C'est aussi s'autoriser à essayer et à échouer…</li>"
        "<li>Croiser des savoir-faire</li>"
        "<li>Besoin de rassembler et de partager (médiation numérique)</li>"
        "<li>Un apprentissage dans les collectivités parfois mal compris : ce n'est pas "
        "s'autoriser à faire ce que je veux</li>"
        "<li>Lorsque je coopère, je le fais au nom de quoi ? Avec quel statut ? Frontières "
        "juridiques et légales… La notion d'engagement…</li>"
        "<li>La question de la coopération demande du temps ; la taille pour un groupe de "
        "coopération ? Cela avance doucement ; tenir sur le temps long est difficile sur cette "
        "période pour les agents</li>"
        "<li>Émergence de pratiques collaboratives sur des sujets comme le climat, "
        "l'alimentation</li>"
        "<li>Besoin d'autorisation pour former les gens sur ces pratiques de coopérations "
        "ouvertes ; l'idéal est de former tout le monde en même temps ; si possible le "
        "documenter…</li>"
        "<li>Aymeric : comment c'est venu ? MB : argument de la frugalité important, permet de "
        "faire sans grand moyen en impliquant les personnes</li>"
        "<li>Aminata pense que c'est un DGS qui avait été formé à ces méthodes et qui a eu envie "
        "d'essayer. La démarche d'innovation. Maintenant, souhait de créer les contours d'un "
        "fonctionnement plus stable, avec des contours mieux délimités</li>"
        "<li>Volonté de faire de la démocratie participative de la part des élus</li>"
        "<li>La participation sans coopération rencontre vite ses limites</li></ul>",
        ideas="<ul><li>Comment favoriser la participation des experts d'usages à la création des "
        "réponses à leur besoin</li></ul>",
        resources=[
            link("Médiation numérique en Bretagne", "http://labacces.fr"),
            link("Animacoop, formation à la coopération", "https://animacoop.net/"),
            link("Histoires de coopérations", "http://www.cooperations.infini.fr/"),
        ],
        visible_to_partners=True,
    )
    return index


def load_methods(home, themes, created):
    index, _ = ensure_page(
        MethodIndexPageFactory,
        home,
        "boite-a-outils",
        created,
        title="La boîte à outils de la coopération",
        introduction="<p>À la découverte des outils et méthodes incontournables de la "
        "coopération.</p>",
        visible_to_partners=True,
    )
    ensure_page(
        MethodPageFactory,
        index,
        "co-developpement",
        created,
        themes=[themes["intelligence-collective"]],
        title="Atelier de co-développement",
        purpose="<p>Utiliser l'intelligence collective pour trouver des solutions à des "
        "problèmes / une situation par les expériences et compétences.</p><p>Un groupe de "
        "personnes rencontrant les mêmes problématiques professionnelles.</p>",
        group_size="Petit groupe composé de 5 à 10 personnes",
        duration="",
        roles="<ul><li><strong>Le porteur</strong> du problème ou d'action : présente le sujet, "
        "écoute attentivement les propositions et identifie ce qu'il a retenu.</li>"
        "<li><strong>Les contributeurs</strong> : posent des questions de clarification et font "
        "des propositions.</li></ul><p>Le système des acteurs du co-développement relie l'action "
        "/ le problème et la / les solutions.</p>",
        steps=[
            step("Identifier le sujet à soumettre au groupe / définir le sujet"),
            step("Présentation du sujet à discuter", "<p>Par le porteur.</p>"),
            step("Clarification", "<p>Les contributeurs posent des questions.</p>"),
            step(
                "Réactions",
                "<p>Les contributeurs font des propositions. Porteur : écoute attentive.</p>",
            ),
            step("Feed-back", "<p>Le porteur identifie ce qu'il a retenu.</p>"),
        ],
        tips="<ul><li>Partir d'une situation concrète.</li><li>Fonctionnement sur une logique "
        "horizontale (éviter des logiques de subordination).</li></ul>",
        visible_to_partners=True,
    )
    ensure_page(
        MethodPageFactory,
        index,
        "word-cafe",
        created,
        themes=[themes["intelligence-collective"]],
        title="Word café",
        purpose="<p>Un « labo » d'idées pour partager des expérimentations : des idées nouvelles, "
        "des envies d'agir, peu importe votre territoire.</p>",
        group_size="",
        duration="20 minutes par thématique, 4 thématiques possibles dans la matinée",
        steps=[
            step(
                "Découvrir une thématique",
                "<p>Qu'est-ce que vous inspirent ces thématiques ? Comment agir sur ces "
                "thématiques ? Que faut-il faire différemment, que faut-il changer "
                "aujourd'hui ?</p>",
                "20 min",
            ),
            step("Changer de thématique", "<p>Seulement 4 possibles dans la matinée.</p>"),
        ],
        tips="<p>Laissez parler votre intuition !</p>",
        visible_to_partners=True,
    )
    ensure_page(
        MethodPageFactory,
        index,
        "escape-game",
        created,
        title="Escape game de la coopération",
        purpose="<p>Un escape game (jeu d'évasion) est un jeu de résolution d'énigmes qui se vit "
        "en équipe. Les participants doivent coopérer pour réussir à accomplir une mission dans "
        "un temps imparti.</p>",
        steps=[
            step(
                "La mission",
                "<p>La recette de la coopération a été éparpillée façon puzzle. L'objectif "
                "commun du groupe : la reconstituer dans un temps imparti avant qu'elle ne soit "
                "définitivement perdue !</p>",
            ),
            step(
                "Coopérer",
                "<p>La résolution des différentes tâches se fait naturellement, en s'appuyant "
                "sur les compétences des uns et des autres.</p>",
            ),
        ],
        visible_to_partners=True,
    )
    return index


def link_method_workshops(regional_day, method_index):
    """Link the regional day's co-development workshop to its method sheet, once."""
    method = MethodPage.objects.child_of(method_index).filter(slug="co-developpement").first()
    if method is None:
        return
    EventMethodWorkshop.objects.filter(
        page=regional_day, method_name="Co-développement", method__isnull=True
    ).update(method=method)
