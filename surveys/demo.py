"""Demo surveys built from ../shared/seeds (idempotent, transactional).

- ``000_51ed2d3e2602ed80.txt``: the Season 1 satisfaction question and its figures
  (Oui 85 %, Je ne sais pas trop encore 14,2 %, Non 0 %), reproduced with 120 demo responses:
  102 « Oui », 17 « Je ne sais pas trop encore », 0 « Non » and one left unanswered, given by
  120 of the people who attended a Season 1 session (registrations' demo records).
- ``001_5c0fb0e2852b856b.txt``: the icebreaker's "1 mot-clé qui résume ce qui rend la
  coopération possible", one keyword per group of 5.
- The "Demander un atelier sur-mesure" form (the seed's "activités sur-mesure, à la demande
  d'une équipe, d'un site, d'un groupe projet").
"""

import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from home.site import ensure_home_page
from portal.demo import fill_demo_fields
from registrations.demo import season_one_attendee_ids
from surveys.factories import bulk_responses, make_survey, survey_index
from surveys.models import QuestionKind, SurveyPage

SATISFACTION_TITLE = "Bilan de la Saison 1 : votre avis sur l'Atelier de la coopération"
SATISFACTION_QUESTION = (
    "Pensez-vous que votre participation à l'Atelier va vous être utile dans vos pratiques "
    "professionnelles ?"
)
SATISFACTION_CHOICES = ["Oui", "Je ne sais pas trop encore", "Non"]
# 120 responses giving the seed's percentages: 102/120 = 85 %, 17/120 = 14,2 %, 0 %, and
# one response that left the question unanswered.
SATISFACTION_COUNTS = {"Oui": 102, "Je ne sais pas trop encore": 17, "Non": 0, None: 1}
SATISFACTION_NOTE = (
    "Les pourcentages sont ceux du bilan de la saison 1 ; les 120 réponses individuelles qui les "
    "reproduisent sont inventées pour la démonstration."
)

KEYWORD_TITLE = "1 mot-clé qui résume ce qui rend la coopération possible"
# Demo answers, not facts from the seeds: the day's running order says each group of 5 wrote one
# keyword but does not list them. These are the seeds' own words (confiance, mettre en commun,
# vision commune, envie d'agir, posture…) or plainly generic cooperation words, with the
# spelling variants people really type (case, accents, spaces) to show the normalisation.
DEMO_GROUP_KEYWORDS = [
    "Confiance",
    "confiance ",
    "CONFIANCE",
    "Écoute",
    "ecoute",
    "Mettre en commun",
    "Vision commune",
    "vision commune",
    "Envie d'agir",
    "Respect",
    "Posture",
    "Ouverture",
    "Partage",
    "Temps",
]

KEYWORD_NOTE = (
    "Les mots-clés affichés sont inventés : le déroulé de la journée dit que chaque groupe de 5 "
    "en a noté un, sans les citer."
)

REQUEST_TITLE = "Demander un atelier sur-mesure"


def _season_one_page():
    """The pages app's Season 1 page when it exists (looked up by name: no import)."""
    try:
        season_model = apps.get_model("pages", "SeasonPage")
    except LookupError:
        return None
    pages = season_model.objects.all()
    return pages.filter(title__icontains="1").order_by("path").first() or pages.first()


def _satisfaction(index, stdout):
    season = _season_one_page()
    survey = SurveyPage.objects.filter(title=SATISFACTION_TITLE).first()
    if survey is None:
        survey = make_survey(
            index,
            title=SATISFACTION_TITLE,
            slug="bilan-saison-1",
            introduction=(
                "<p>Saison 1 de l'Atelier de la coopération (janvier – juin 2025) : 49 sessions "
                "dont 13 sur-mesure, 7 modules, 342 participations, 248 participants uniques. "
                "Votre avis nous aide à préparer la suite.</p>"
            ),
            thank_you_text="<p>Merci ! Votre avis compte pour préparer les prochaines saisons.</p>",
            audience="agents",
            anonymous=True,
            results_visibility="readers",
            questions=[
                {
                    "kind": QuestionKind.SINGLE,
                    "label": SATISFACTION_QUESTION,
                    "choices": "\n".join(SATISFACTION_CHOICES),
                }
            ],
        )
        answer_sets = []
        for choice, count in SATISFACTION_COUNTS.items():
            answer_sets += [{} if choice is None else {SATISFACTION_QUESTION: choice}] * count
        # The respondents are people who came to a Season 1 session (the demo's records): the
        # survey is anonymous, so only the "has answered" table knows who they are.
        attendees = season_one_attendee_ids(season) if season is not None else []
        bulk_responses(
            survey,
            answer_sets,
            user_ids=attendees[: len(answer_sets)] if len(attendees) >= len(answer_sets) else None,
            start=timezone.make_aware(datetime.datetime(2025, 6, 30, 18, 0)),
        )
        if stdout:
            stdout.write(f"Questionnaire « {survey.title} » et 120 réponses de démonstration.")
    fill_demo_fields(survey, example_responses_note=SATISFACTION_NOTE)
    if season is not None and survey.evaluated_page_id is None:
        fill_demo_fields(survey, evaluated_page=season)
    return survey


def _keywords(index, stdout):
    survey = SurveyPage.objects.filter(title=KEYWORD_TITLE).first()
    if survey is not None:
        fill_demo_fields(survey, example_responses_note=KEYWORD_NOTE)
        return survey
    survey = make_survey(
        index,
        title=KEYWORD_TITLE,
        slug="mot-cle-cooperation",
        introduction=(
            "<p>Debout et en groupe de 5 personnes que vous ne connaissez pas (ou peu), "
            "discutez librement pendant 7 minutes : « Quels sont, selon vous, les plus beaux "
            "exemples de coopération sur votre territoire ? Et qu'est-ce qui a rendu cette "
            "coopération possible ? »</p><p>Une personne par groupe note 1 mot-clé qui résume ce "
            "qui rend la coopération possible, selon vous.</p>"
        ),
        audience="both",
        visible_to_partners=True,
        anonymous=True,
        one_response_per_person=False,
        results_visibility="readers",
        questions=[
            {
                "kind": QuestionKind.KEYWORDS,
                "label": "1 mot-clé qui résume ce qui rend la coopération possible, selon vous",
                "help_text": "Un mot-clé par groupe.",
                "required": True,
                "max_keywords": 1,
            }
        ],
    )
    label = survey.questions.get().label
    bulk_responses(survey, [{label: word} for word in DEMO_GROUP_KEYWORDS])
    fill_demo_fields(survey, example_responses_note=KEYWORD_NOTE)
    if stdout:
        stdout.write(f"Questionnaire « {survey.title} » et ses mots-clés de démonstration.")
    return survey


def _request_form(index, stdout):
    survey = SurveyPage.objects.filter(title=REQUEST_TITLE).first()
    if survey is not None:
        # Requests made before coordinators could turn them into sessions: say so once.
        fill_demo_fields(survey, tailor_made_requests=True)
        return survey
    survey = make_survey(
        index,
        title=REQUEST_TITLE,
        slug="atelier-sur-mesure",
        introduction=(
            "<p>L'Atelier de la coopération propose des activités sur-mesure, à la demande "
            "d'une équipe, d'un site, d'un groupe projet… Décrivez votre besoin : la "
            "coordination vous recontacte.</p>"
        ),
        thank_you_text="<p>Votre demande est transmise à la coordination de l'Atelier.</p>",
        audience="agents",
        anonymous=False,
        one_response_per_person=False,
        notify_coordinators=True,
        tailor_made_requests=True,
        results_visibility="coordinators",
        submit_label="Envoyer ma demande",
        questions=[
            {
                "kind": QuestionKind.SHORT_TEXT,
                "label": "Équipe, site ou groupe projet",
                "required": True,
                "max_length": 200,
            },
            {
                "kind": QuestionKind.NUMBER,
                "label": "Nombre de participants envisagé",
                "required": True,
                "min_value": 1,
                "max_value": 200,
            },
            {
                "kind": QuestionKind.MULTIPLE,
                "label": "Ce que vous attendez de l'atelier",
                "choices": "\n".join(
                    [
                        "Comprendre l'intérêt de coopérer et le partager",
                        "Développer la posture de coopération",
                        "Renforcer les compétences relationnelles et la confiance",
                        "Enrichir les pratiques professionnelles",
                    ]
                ),
                "allow_other": True,
                "min_choices": 1,
            },
            {"kind": QuestionKind.DATE, "label": "Date souhaitée (au plus tôt)"},
            {
                "kind": QuestionKind.LONG_TEXT,
                "label": "Votre besoin en quelques lignes",
                "required": True,
                "max_length": 2000,
            },
            {
                "kind": QuestionKind.EMAIL,
                "label": "Adresse électronique de contact",
                "required": True,
            },
        ],
    )
    if stdout:
        stdout.write(f"Formulaire « {survey.title} ».")
    return survey


@transaction.atomic
def load(stdout=None):
    home = ensure_home_page()
    index = survey_index(home)
    # The surveys are a main section of the portal: list them in the main navigation.
    fill_demo_fields(index, show_in_menus=True)
    _satisfaction(index, stdout)
    _keywords(index, stdout)
    _request_form(index, stdout)
