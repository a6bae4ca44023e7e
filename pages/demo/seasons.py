"""L'Atelier de la coopération (Ville de Lyon): seasons, modules, sessions, quotes.

Source: seeds/000_51ed2d3e2602ed80.txt. Pages only: the sessions, their
registrations and attendance are records built by registrations.demo (the seeds give no session
dates: those are a fictitious example), and the upcoming sessions live in a programme of their
own, titled « Exemple fictif », never inside Season 1 or 2.
"""

import datetime

from django.utils import timezone

from pages.factories import (
    ModuleFacilitatorFactory,
    ModulePageFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
    SharingSessionIndexPageFactory,
    SharingSessionPageFactory,
)
from pages.models import ModulePage, SharingSessionPage
from portal.demo import fill_demo_fields

from .helpers import (
    ensure_page,
    ensure_person,
    ensure_testimonials,
    heading,
    paragraph,
    step,
)

ORIGIN_BODY = [
    heading("Pourquoi un atelier de la coopération ?"),
    paragraph(
        "<p>Bref, passer de « chacun à sa place » à « chacun a sa place ».</p>"
        "<ul><li>Insuffler l'intelligence collective dans les pratiques quotidiennes</li>"
        "<li>Outiller et former l'ensemble des agentes et des agents</li>"
        "<li>Bâtir une organisation apprenante robuste</li>"
        "<li>Décloisonner pour mieux répondre aux attentes des usagers</li></ul>"
        "<p>Tout un écosystème au service de la coopération.</p>"
    ),
    (
        "timeline",
        {
            "title": "Les étapes",
            "entries": [
                {
                    "period": "Février / Mars 2023",
                    "text": "Écoute et analyse / Appel à volontaires pour construire "
                    "collectivement le projet",
                },
                {"period": "Mars / Juin 2023", "text": "Voyage apprenant et élaboration du projet"},
                {
                    "period": "Sept. 2023 / Déc. 2024",
                    "text": "Construction de l'offre et identification des intervenants",
                },
                {
                    "period": "Janv. 2025 / Juillet 2025",
                    "text": "Déploiement de l'offre au sein de la Ville de Lyon",
                },
                {"period": "Juillet 2025", "text": "Bilan de la Saison 1"},
                {"period": "Sept. 2025", "text": "Lancement de la saison 2 !"},
            ],
        },
    ),
    paragraph(
        "<p>Depuis janvier 2025, l'Atelier de la Coopération a ouvert ses portes avec une offre "
        "100 % « faite maison », accessible à tous les métiers, fonctions et catégories.</p>"
    ),
    heading("Les engagements"),
    paragraph(
        "<ul><li>Être inclusif, ouvert à toutes et tous</li>"
        "<li>Apporter la coopération dans le quotidien</li>"
        "<li>Être utile pour les missions des un-es et des autres</li></ul>"
    ),
    heading("Nos apports"),
    paragraph(
        "<ul><li>Des ateliers simples, adaptés à toutes et tous</li>"
        "<li>Des outils et méthodes concrets, applicables dans les services opérationnels ou "
        "supports</li>"
        "<li>Des temps qui associent théorie et mise en pratique</li>"
        "<li>Des activités sur-mesure (à la demande d'une équipe, d'un site, d'un groupe "
        "projet...)</li></ul>"
    ),
    heading("Les bénéfices pour les participants"),
    paragraph(
        "<ul><li>Comprendre l'intérêt de coopérer et le partager</li>"
        "<li>Développer la posture de coopération</li>"
        "<li>Renforcer les compétences relationnelles et la confiance</li>"
        "<li>Enrichir les pratiques professionnelles</li>"
        "<li>Rencontrer de nouveaux collègues</li>"
        "<li>Prendre un temps de respiration dans le quotidien et se faire plaisir</li></ul>"
        "<p>La coopération : un art qui se cultive à la Ville de Lyon !</p>"
    ),
]

SEASON_ONE_BODY = [
    (
        "table",
        {
            "caption": "Pensez-vous que votre participation à l'Atelier va vous être utile dans "
            "vos pratiques professionnelles ?",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "data": [
                    ["Réponse", "Part des réponses"],
                    ["Oui", "85 %"],
                    ["Je ne sais pas trop encore", "14,2 %"],
                    ["Non", "0 %"],
                ],
            },
        },
    ),
    (
        "key_figures",
        {
            "title": "Les animateurs et animatrices",
            "figures": [
                {
                    "figure": "100 %",
                    "label": "des collègues animateurs et animatrices de modules en tirent une "
                    "expérience positive et repartent pour la saison 2 !",
                }
            ],
        },
    ),
]

# The link closing seeds/000 (« Et pour tout savoir : L'atelier de la Coopération Saison 2 »).
SEASON_TWO_URL = "https://xd.adobe.com/view/127864ff-6e1a-4fd6-94bf-195e27dad153-472b/?fullscreen"

SEASON_TWO_BODY = [
    (
        "key_figures",
        {
            "title": "Et après ? Lancement de la Saison 2",
            "figures": [
                {"figure": "5", "label": "nouveaux modules proposés"},
                {
                    "figure": "6",
                    "label": "nouveaux et nouvelles collègues volontaires pour animer l'Atelier",
                },
                {"figure": "1", "label": "essaimage au-delà de la Ville de Lyon"},
            ],
        },
    ),
    paragraph(
        f'<p>Et pour tout savoir : <a href="{SEASON_TWO_URL}">L\'atelier de la Coopération '
        "Saison 2</a></p>"
    ),
]

# The seven modules of Season 1: slug, title, pitch, description, format, quotes, facilitators.
MODULES = [
    {
        "slug": "escape-game-de-la-cooperation",
        "title": "L'escape game de la coopération",
        "pitch": "Quoi de mieux qu'un escape game pour découvrir la coopération ? Un escape game "
        "est un jeu de résolution d'énigmes qui se vit en équipe. Les participants doivent "
        "coopérer pour réussir à accomplir une mission dans un temps imparti.",
        "description": "<p>La recette de la coopération a été éparpillée façon puzzle. L'objectif "
        "commun du groupe : la reconstituer dans un temps imparti avant qu'elle ne soit "
        "définitivement perdue ! Vous devrez coopérer pour réaliser cette mission. Pas de "
        "panique, la résolution des différentes tâches se fera naturellement, en s'appuyant sur "
        "les compétences des uns et des autres.</p><p>* Escape game : jeu d'évasion.</p>",
        "format": ModulePage.FORMAT_ON_SITE,
        "quotes": [
            "Merci beaucoup pour ce moment ! c'était vraiment top, vous avez bien porté le "
            "message de coopération.",
            "Merci pour ce projet global de réunir et faire collaborer les différentes personnes "
            "et services de la ville. Merci pour votre recette qui nous à été bénéfique.",
            "Un grand bravo pour l'implication et la créativité dont vous avez fait preuve pour "
            "lancer cet escape game, et pour les valeurs fortes que cet atelier véhicule.",
            "Ce que j'ai particulièrement apprécié dans l'escape game, c'est la communication "
            "entre les participants. Cette dynamique d'échange a favorisé la cohésion du groupe "
            "tout en rendant l'activité très ludique. C'est une façon originale et stimulante de "
            "renforcer le travail d'équipe.",
        ],
    },
    {
        "slug": "trucs-et-astuces-etre-a-laise-a-loral",
        "title": "Trucs et astuces pour être à l'aise à l'oral",
        "pitch": "Coopérer, ça ne s'invente pas, cela s'apprend et se construit. Cette "
        "construction passe notamment par le dialogue, créateur de liens. Pour être à l'aise "
        "dans vos interactions, à 2, 10 ou bien plus, on vous offre la possibilité de découvrir "
        "des techniques simples et facilement applicables dans votre quotidien.",
        "format": ModulePage.FORMAT_ON_SITE,
        "quotes": [
            "J'ai vraiment aimé les petites mises en situation et la présentation de notre "
            "projet en mode ‘examen blanc’.",
            "Merci Julie et Céline, j'ai passé un moment super. Vous avez su allier l'utile à "
            "l'agréable !",
            "Groupe très sympa et animation très réussie.",
            "Les animateurs ont donné des astuces et des idées et nous ont mis à l'aise. Merci "
            "beaucoup.",
        ],
        # Named in a participant's quote (« Merci Julie et Céline »).
        "facilitators": ["Julie", "Céline"],
    },
    {
        "slug": "decouvrir-la-cooperation-se-prendre-au-jeu",
        "title": "Découvrir la coopération : et si on se prenait au jeu ?",
        "pitch": "Les activités coopératives sont des actions dans lesquelles les participant-es "
        "tentent d'atteindre un objectif collectivement, sans compétition. Soit les "
        "participant-es réussissent ensemble s'ils atteignent le but fixé, soit ils perdent "
        "ensemble. Ainsi, les participant-es sont coresponsables. Les activités coopératives se "
        "définissent en opposition aux activités compétitives dans lesquelles l'objectif d'un "
        "participant se réalise au détriment des autres.",
        "format": ModulePage.FORMAT_ON_SITE,
        "quotes": [
            "Merci ! C'est génial ces ateliers de formation et d'évolution personnelle et "
            "professionnelle. Cela amène progressivement tous les acteurs de la ville à être "
            "meilleurs entre nous et donc au travail.",
            "Ce qui m'a plu : Prendre le temps. S'essayer concrètement à la coopération.",
            "Un grand merci. On a fait votre pub auprès d'autres services et on enchaine avec "
            "l'escape game.",
        ],
    },
    {
        "slug": "vivre-un-atelier-vraiment-cooperatif",
        "title": "Vivre un atelier (vraiment) coopératif",
        "pitch": "Coopérer, ça ne se décrète pas ! Avoir des personnes autour d'une table, c'est "
        "déjà un début. Les consulter, c'est bien. Les impliquer dans la construction d'une "
        "animation ou d'un projet, c'est mieux. Les engager dans la réalisation, c'est parfait !",
        "description": "<p>Pour y arriver, il y a besoin d'avoir le bon cadre, une posture "
        "adaptée et les outils appropriés. Le rôle de l'animateur ou du chef de projet est "
        "primordial. Mais chaque participant peut également contribuer à faire d'un temps de "
        "travail une véritable expérience de coopération.</p>",
        "format": ModulePage.FORMAT_ON_SITE,
        "quotes": [
            "N'hésitez pas à le proposer aux partenaires extérieurs pour ajouter une dimension à "
            "la construction de la coopération à l'échelle de la Ville.",
            "Merci pour ce que vous faites. C'était un bel atelier mêlant pratique et théorique.",
            "J'ai apprécié les outils pour aider sur le cadrage du besoin, travailler sur un cas "
            "pratique.",
            "Ce qui m'a plu : l'approfondissement du sujet de la coopération.",
        ],
    },
    {
        "slug": "jai-teste-pour-vous",
        "title": "J'ai testé pour vous !",
        "pitch": "La collectivité s'anime de plus en plus ! Ateliers, séminaires, réseaux, "
        "projets, actions, journées d'accueil. Afin de partager les bonnes recettes et les "
        "ingrédients indispensables pour réussir son animation en mode coopératif, l'Atelier "
        "propose des espaces d'échange. Pour présenter et partager ce qui a plu... ou moins plu.",
        "format": ModulePage.FORMAT_ON_SITE,
        "quotes": [
            "J'ai particulièrement apprécié le fait que ce soit participatif. C'est un moment "
            "calme et agréable pour échanger et rencontrer des collègues inconnus.",
            "J'ai aimé l'alternance entre les retours d'expérience inspirants et les exercices "
            "pratiques.",
            "Bravo pour le lieu, le brise glace, les prises de parole et l'expérience des autres "
            "personnes.",
            "Merci encore, cela donne envie de participer et de se former encore !",
        ],
    },
    {
        "slug": "reussir-la-cooperation-ingredients-essentiels",
        "title": "Réussir la coopération : les ingrédients essentiels",
        "pitch": "À la découverte des outils et méthodes incontournables de la coopération. À "
        "distance ou sur place, au choix, on présente et explique la boîte à outils et la mise "
        "en œuvre de chacun d'eux de la manière la plus appropriée, avec des retours "
        "d'expérience.",
        "format": ModulePage.FORMAT_BOTH,
        "quotes": [
            "J'ai aimé la présentation vivante de la boîte à outil, l'adaptation en fonction des "
            "attentes des participants !",
            "Merci pour la bienveillance et la disponibilité [des animatrices]. Leur "
            "connaissance très précise et détaillée de chaque module permet d'avancer vite tout "
            "en répondant précisément à nos questions.",
            "Les retours d'expérience sont un vrai +",
        ],
    },
    {
        "slug": "les-cafes-digitaux",
        "title": "Les cafés digitaux",
        "pitch": "Avec + de 700 sites et la mise en place du télétravail, la coopération passe "
        "aussi par les outils numériques. Alors, certes, on préfère l'humain et les réunions "
        "avec des cafés « en vrai » mais on se dit qu'il est indispensable de s'approprier les "
        "outils basiques pour coopérer à distance ou sur des temps de travail différents.",
        "format": ModulePage.FORMAT_REMOTE,
        "quotes": [
            "J'ai apprécié l'interactivité de l'atelier et la petite jauge qui permet un échange "
            "facile.",
            "Le fait de tester en direct l'outil, de faire en même temps que l'intervenant, "
            "change tout !",
            "Merci et bravo pour ces explications car ce n'est pas facile de former.",
            "Découverte d'un nouvel outil de travail pour mieux travailler ensemble.",
        ],
    },
]


def load(home, themes, created):
    index, _ = ensure_page(
        SeasonIndexPageFactory,
        home,
        "atelier-de-la-cooperation",
        created,
        title="L'Atelier de la coopération",
        introduction="<p>Naissance d'un projet de la Ville de Lyon : un atelier pour insuffler "
        "l'intelligence collective dans les pratiques quotidiennes.</p>",
        body=ORIGIN_BODY,
        visible_to_partners=False,
        search_description="L'Atelier de la coopération de la Ville de Lyon : pourquoi il est "
        "né, ses étapes, ses engagements et ses saisons.",
    )
    season_one, _ = ensure_page(
        SeasonPageFactory,
        index,
        "saison-1",
        created,
        title="Saison 1",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 6, 30),
        introduction="<p>Bilan de la Saison 1 de l'Atelier de la coopération, janvier – juin "
        "2025.</p>",
        body=SEASON_ONE_BODY,
        figures_note="Bilan publié de la Saison 1 : 49 sessions dont 13 sur-mesure, 7 modules, "
        "342 participations, 248 participants uniques.",
        visible_to_partners=False,
    )
    season_two, season_two_is_new = ensure_page(
        SeasonPageFactory,
        index,
        "saison-2",
        created,
        title="Saison 2",
        start_date=datetime.date(2025, 10, 1),
        end_date=datetime.date(2026, 6, 30),
        introduction="<p>Octobre 2025 – Juin 2026 : lancement de la Saison 2 de l'Atelier de "
        "la coopération.</p>",
        body=SEASON_TWO_BODY,
        visible_to_partners=False,
    )
    if not season_two_is_new and SEASON_TWO_URL not in str(season_two.body):
        fill_demo_fields(season_two, body=SEASON_TWO_BODY)  # demo sites loaded before
    for spec in MODULES:
        module, is_new = ensure_page(
            ModulePageFactory,
            season_one,
            spec["slug"],
            created,
            title=spec["title"],
            pitch=spec["pitch"],
            description=[paragraph(spec["description"])] if spec.get("description") else [],
            format=spec["format"],
            duration="",
            visible_to_partners=False,
        )
        if not is_new:
            continue
        ensure_testimonials(module, spec["quotes"])
        for name in spec.get("facilitators", ()):
            ModuleFacilitatorFactory(
                page=module, person=ensure_person(name, "Animatrice", "Ville de Lyon")
            )
    load_fictitious_programme(index, created)
    return index, season_one


FICTITIOUS_SLUG = "exemple-fictif-prochaines-sessions"
# Modules of the seeds offered again in the fictitious programme (their texts are the seeds').
FICTITIOUS_MODULES = [
    "escape-game-de-la-cooperation",
    "trucs-et-astuces-etre-a-laise-a-loral",
    "les-cafes-digitaux",
]


def load_fictitious_programme(index, created):
    """EXEMPLE FICTIF: both seasons of the seeds are over, so registration is shown on a
    programme of its own, dated from the day the demo is loaded, and titled as a fictitious
    example. Its sessions are added by registrations.demo."""
    today = timezone.localdate()
    marked = {
        "example_content": True,
        "introduction": "<p>Ce programme, ses dates, ses salles et ses inscriptions sont "
        "inventés pour montrer l'inscription aux sessions. Les modules et leurs textes sont "
        "ceux de la Saison 1.</p>",
    }
    season, is_new = ensure_page(
        SeasonPageFactory,
        index,
        FICTITIOUS_SLUG,
        created,
        title="Exemple fictif : prochaines sessions",
        start_date=today,
        end_date=today + datetime.timedelta(days=120),
        visible_to_partners=False,
        **marked,
    )
    if not is_new:
        fill_demo_fields(season, **marked)  # demo sites loaded before the shared note
    for spec in MODULES:
        if spec["slug"] not in FICTITIOUS_MODULES:
            continue
        module, is_new = ensure_page(
            ModulePageFactory,
            season,
            spec["slug"],
            created,
            title=spec["title"],
            pitch=spec["pitch"],
            description=[paragraph(spec["description"])] if spec.get("description") else [],
            format=spec["format"],
            duration="",
            visible_to_partners=False,
        )
        if not is_new:
            # Module pages carry their season in their <title>: no demo-only SEO title.
            fill_demo_fields(module, seo_title="")
    return season


def load_sharing_sessions(home, themes, created):
    """« J'ai testé pour vous » sessions: the animations come from seeds/001, the icebreaker and
    the word café of the cooperation day. The seed gives neither date nor place: none is shown,
    and each page says which day it comes from (``link_sharing_sessions``)."""
    index, _ = ensure_page(
        SharingSessionIndexPageFactory,
        home,
        "jai-teste-pour-vous",
        created,
        title="J'ai testé pour vous",
        introduction="<p>La collectivité s'anime de plus en plus ! Ateliers, séminaires, réseaux, "
        "projets, actions, journées d'accueil. Afin de partager les bonnes recettes et les "
        "ingrédients indispensables pour réussir son animation en mode coopératif, l'Atelier "
        "propose des espaces d'échange. Pour présenter et partager ce qui a plu... ou moins "
        "plu.</p>",
        visible_to_partners=False,
    )
    icebreaker, icebreaker_is_new = ensure_page(
        SharingSessionPageFactory,
        index,
        "brise-glace-un-mot-cle",
        created,
        themes=[themes["intelligence-collective"]],
        title="J'ai testé pour vous : le brise-glace « 1 mot-clé »",
        date=None,  # seeds/001 gives no date: none is shown
        place="",
        format="on_site",
        tested=ICEBREAKER_TESTED,
        ingredients="<ul><li>Des groupes de 5 personnes qui ne se connaissent pas (ou peu)"
        "</li><li>7 minutes</li><li>Une personne par groupe pour noter le mot-clé</li></ul>",
        recipe_steps=[
            step(
                "Lancer le défi",
                "<p>« On parle souvent de coopération comme d'un objectif… mais rarement de ce "
                "que la coopération signifie concrètement, dans nos réalités professionnelles, "
                "sur nos territoires... Et si on prenait 7 minutes pour regarder ce que ça veut "
                "dire, pour vous maintenant. »</p>",
            ),
            step(
                "Discuter debout, en groupe de 5",
                "<p>« Quels sont, selon vous, les plus beaux exemples de coopération sur votre "
                "territoire ? Et qu'est-ce qui a rendu cette coopération possible ? »</p>",
                "7 min",
            ),
            step(
                "Noter 1 mot-clé",
                "<p>Une personne par groupe note 1 mot-clé qui résume ce qui rend la "
                "coopération possible.</p>",
            ),
        ],
        visible_to_partners=False,
    )
    word_cafe, word_cafe_is_new = ensure_page(
        SharingSessionPageFactory,
        index,
        "word-cafe",
        created,
        themes=[themes["intelligence-collective"]],
        title="J'ai testé pour vous : le word café",
        date=None,  # seeds/001 gives no date: none is shown
        place="",
        format="on_site",
        tested=WORD_CAFE_TESTED,
        ingredients="<ul><li>20 minutes par thématique</li><li>Seulement 4 thématiques possibles "
        "dans la matinée</li></ul>",
        recipe_steps=[
            step(
                "Poser les questions",
                "<p>Qu'est-ce que vous inspirent ces thématiques ? Comment agir sur ces "
                "thématiques ? Que faut-il faire différemment, que faut-il changer "
                "aujourd'hui ?</p>",
            ),
            step("Tourner de table en table", "<p>20 minutes sur une thématique.</p>", "20 min"),
            step("Laisser parler son intuition", "<p>Laissez parler votre intuition !</p>"),
        ],
        visible_to_partners=False,
    )
    # Demo sites loaded before: the invented dates and place go, the origin is said.
    if not icebreaker_is_new:
        fill_demo_fields(icebreaker, date=None, place="", tested=ICEBREAKER_TESTED)
    if not word_cafe_is_new:
        fill_demo_fields(word_cafe, date=None, place="", tested=WORD_CAFE_TESTED)
    return index


ICEBREAKER_TESTED = (
    "Le brise-glace de la mise en route de la Journée de la coopération : debout et en groupe "
    "de 5 personnes qui ne se connaissent pas (ou peu), discuter librement pendant 7 minutes "
    "des plus beaux exemples de coopération sur son territoire et de ce qui les a rendus "
    "possibles."
)
WORD_CAFE_TESTED = (
    "Le word café de la matinée de la Journée de la coopération : un « labo » d'idées pour "
    "partager des expérimentations, des idées nouvelles, des envies d'agir, peu importe son "
    "territoire."
)


def link_sharing_sessions(sharing_index, cooperation_day):
    """Each « J'ai testé pour vous » page of the demo points to the day its animation comes
    from (seeds/001), unless an editor has changed the page."""
    for page in SharingSessionPage.objects.child_of(sharing_index).filter(
        slug__in=("brise-glace-un-mot-cle", "word-cafe")
    ):
        fill_demo_fields(page, origin_event_id=cooperation_day.pk)
