"""Answering a survey: every question type, French errors, settings, one transaction."""

import datetime
from decimal import Decimal

from django.db import DatabaseError
from django.utils import timezone

import pytest

from surveys.models import Answer, SurveyResponse
from surveys.models import responses as tallies
from tests.surveys.conftest import choice, field, valid_post

pytestmark = pytest.mark.django_db


def test_form_renders_fieldsets_and_labels(client_as, build_survey):
    survey = build_survey()
    client = client_as("agent")
    response = client.get(survey.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 4  # single, multiple, yes/no, scale
    assert "<legend>Votre service" in html
    assert f'<label for="id_{field(survey, "Votre équipe")}">Votre équipe' in html
    assert "Pas du tout" in html and "Jusqu&#x27;à 2 mots-clés" in html
    assert 'name="form_token"' in html


def test_valid_answers_are_stored_typed_in_one_response(client_as, build_survey):
    survey = build_survey()
    client = client_as("agent")
    response = client.post(survey.url, valid_post(survey))
    assert response.status_code == 302
    assert response["Location"].endswith("/merci/")
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.user == client.user
    answers = {
        (a.question_key, a.choice, a.keyword): a for a in Answer.objects.filter(response=stored)
    }
    keys = {q.label: q.key for q in survey.questions.all()}
    themes = choice(survey, "Vos thèmes", "A", "B")
    assert (keys["Vos thèmes"], themes[0], "") in answers
    assert (keys["Vos thèmes"], themes[1], "") in answers
    assert answers[(keys["Votre note"], "4", "")].number == Decimal("4")
    assert answers[(keys["Combien de collègues ?"], "", "")].number == Decimal("12")
    assert answers[(keys["Date souhaitée"], "", "")].date == datetime.date(2026, 3, 14)
    assert answers[(keys["Vos mots-clés"], "", "confiance")].text == "Confiance"
    assert (keys["Vos mots-clés"], "", "ecoute") in answers
    assert Answer.objects.filter(response=stored).count() == 12


def test_other_choice_keeps_its_text(client_as, build_survey):
    survey = build_survey()
    client = client_as("agent")
    name = field(survey, "Votre service")
    response = client.post(survey.url, valid_post(survey, **{name: "__autre__"}))
    assert response.status_code == 200
    assert "Précisez votre réponse « Autre »." in response.content.decode()
    data = valid_post(survey, **{name: "__autre__", name + "_autre": "Jeunesse"})
    assert client.post(survey.url, data).status_code == 302
    answer = Answer.objects.get(question_key=survey.questions.get(label="Votre service").key)
    assert (answer.choice, answer.is_other, answer.text) == ("__autre__", True, "Jeunesse")


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Votre service", "Piscine", "Choisissez une des réponses proposées."),
        ("Votre service", "", "Répondez à cette question."),
        ("Vos thèmes", ["A", "B", "C"], "Cochez au plus 2 réponses."),  # labels → keys below
        ("Vos thèmes", ["Z"], "Choisissez une des réponses proposées."),
        ("Reviendrez-vous ?", "Peut-être", "Choisissez une des réponses proposées."),
        ("Votre note", "9", "Choisissez une des réponses proposées."),
        ("Votre équipe", "x" * 11, "Votre texte dépasse 10 caractères (il en compte 11)."),
        ("Un commentaire", "y" * 51, "Votre texte dépasse 50 caractères (il en compte 51)."),
        ("Combien de collègues ?", "25", "Saisissez un nombre inférieur ou égal à 20."),
        ("Combien de collègues ?", "0", "Saisissez un nombre supérieur ou égal à 1."),
        ("Combien de collègues ?", "beaucoup", "Saisissez un nombre, par exemple 12 ou 3,5."),
        ("Date souhaitée", "31/02/2026", "Saisissez une date valide, par exemple 14/03/2025."),
        ("Votre adresse", "camille@", "Saisissez une adresse électronique valide"),
        ("Vos mots-clés", "un, deux, trois", "Donnez au plus 2 mots-clés."),
    ],
)
def test_invalid_answer_redisplays_with_french_message_and_saves_nothing(
    client_as, build_survey, label, value, message
):
    survey = build_survey()
    client = client_as("agent")
    name = field(survey, label)
    if label == "Vos thèmes" and value != ["Z"]:
        value = choice(survey, label, *value)
    response = client.post(survey.url, valid_post(survey, **{name: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    # The error summary at the top links to the field.
    assert 'id="resume-erreurs"' in html
    assert html.index("resume-erreurs") < html.index("survey__form")
    assert f'href="#id_{name}' in html
    assert SurveyResponse.objects.count() == 0
    assert Answer.objects.count() == 0
    # What was typed elsewhere is kept.
    kept = "camille@example.org" if label != "Votre adresse" else "Très utile"
    assert kept in html


def test_decimal_comma_and_french_date_are_accepted(client_as, build_survey):
    survey = build_survey()
    client = client_as("agent")
    data = valid_post(
        survey,
        **{
            field(survey, "Combien de collègues ?"): "3,5",
            field(survey, "Date souhaitée"): "14/03/2026",
        },
    )
    assert client.post(survey.url, data).status_code == 302
    keys = {q.label: q.key for q in survey.questions.all()}
    assert Answer.objects.get(question_key=keys["Combien de collègues ?"]).number == Decimal("3.5")


def test_closed_and_not_yet_open_surveys_refuse_posts(client_as, build_survey):
    now = timezone.now()
    closed = build_survey(closes_at=now - datetime.timedelta(hours=1))
    future = build_survey(opens_at=now + datetime.timedelta(days=2))
    client = client_as("agent")
    assert "Ce questionnaire est clos" in client.get(closed.url).content.decode()
    assert "pas encore ouvert" in client.get(future.url).content.decode()
    for survey in (closed, future):
        response = client.post(survey.url, valid_post(survey))
        assert response.status_code == 403
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    ("audience", "kind", "allowed"),
    [
        ("agents", "agent", True),
        ("agents", "partner", False),
        ("partners", "partner", True),
        ("partners", "agent", False),
        ("both", "partner", True),
        ("both", "agent", True),
    ],
)
def test_audience(client_as, build_survey, audience, kind, allowed):
    survey = build_survey(audience=audience, visible_to_partners=True)
    client = client_as(kind)
    response = client.post(survey.url, valid_post(survey))
    assert (response.status_code == 302) is allowed
    assert SurveyResponse.objects.count() == (1 if allowed else 0)
    if not allowed:
        assert "un autre public" in response.content.decode()


def test_partners_cannot_open_a_survey_hidden_from_them(client_as, build_survey):
    survey = build_survey(audience="both", visible_to_partners=False)
    assert client_as("partner").get(survey.url).status_code == 403


def test_a_failing_answer_insert_writes_nothing(client_as, build_survey, monkeypatch):
    survey = build_survey()
    client = client_as("agent")

    # The last write of a submission (the tallies, after the response and its answers) fails
    # in the database: on PostgreSQL the writes are one statement, elsewhere one transaction.
    def broken(*args, **kwargs):
        return "INSERT INTO surveys_no_such_table VALUES (1)", []

    monkeypatch.setattr(tallies, "upsert_statement", broken)
    with pytest.raises(DatabaseError):
        client.post(survey.url, valid_post(survey))
    assert SurveyResponse.objects.count() == 0
    assert Answer.objects.count() == 0


def test_thank_you_page(client_as, build_survey):
    survey = build_survey(results_visibility="respondents")
    client = client_as("agent")
    response = client.post(survey.url, valid_post(survey), follow=True)
    html = response.content.decode()
    assert "Merci pour votre réponse" in html
    assert "Merci pour votre participation." in html
    assert "Voir les résultats" in html


def test_survey_split_into_steps(client_as, build_survey):
    survey = build_survey(
        [
            {"kind": "yes_no", "label": "Utile ?", "step_title": "Votre avis"},
            {"kind": "short_text", "label": "Votre équipe"},
            {"kind": "long_text", "label": "Commentaire", "step_title": "Pour aller plus loin"},
        ]
    )
    client = client_as("agent")
    html = client.get(survey.url).content.decode()
    # One step per page.
    assert "Étape 1 sur 2 : Votre avis" in html and "Votre équipe" in html
    assert "Pour aller plus loin" not in html and ">Suivant<" in html
    html = client.post(
        survey.url, {"etape": "0", "action": "suivant", field(survey, "Votre équipe"): "Culture"}
    ).content.decode()
    assert "Étape 2 sur 2 : Pour aller plus loin" in html and ">Précédent<" in html
    # The first step's answer travels with the page.
    assert 'value="Culture"' in html


def test_index_lists_visible_surveys(client_as, build_survey, index_page):
    build_survey(
        [{"kind": "yes_no", "label": "Utile ?"}], title="Pour tous", visible_to_partners=True
    )
    build_survey([{"kind": "yes_no", "label": "Utile ?"}], title="Interne")
    html = client_as("partner").get(index_page.url).content.decode()
    assert "Pour tous" in html and "Interne" not in html
