"""Survey engine, second level: kinds, stable choices, show-if, grids, steps and drafts,
honest submissions, tallies, French collation."""

import csv
import datetime
import io
import random

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client

import pytest

from surveys import demo
from surveys.factories import bulk_responses, choice_key, rows_for, statement_key
from surveys.kinds import KINDS, french_sort_key
from surveys.models import Answer, SurveyDraft, SurveyPage, SurveyResponse
from surveys.models import responses as tallies
from surveys.results import compute_results
from tests.surveys.conftest import ALL_KINDS, choice, field, valid_post

pytestmark = pytest.mark.django_db

NBSP = "\u202f"

GRID = {
    "kind": "grid",
    "label": "Votre accord avec ces affirmations",
    "choices": ["Pas d'accord", "Plutôt pas", "Plutôt d'accord", "D'accord"],
    "rows": ["L'atelier était clair", "Le rythme était bon"],
}


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# Kinds ---------------------------------------------------------------------------------------

VALID_AND_INVALID = {
    "single": ("Culture", "Piscine"),
    "multiple": (["A", "B"], ["A", "B", "C"]),
    "yes_no": ("Oui", "Peut-être"),
    "scale": ("4", "9"),
    "short_text": ("Équipe 1", "x" * 11),
    "long_text": ("Très utile", "y" * 51),
    "number": ("12", "beaucoup"),
    "date": ("2026-03-14", "31/02/2026"),
    "email": ("camille@example.org", "camille@"),
    "keywords": ("Confiance, écoute", "un, deux, trois"),
}


def test_every_kind_has_a_class():
    assert {str(name) for name in KINDS} == {*VALID_AND_INVALID, "grid"}


@pytest.mark.parametrize("kind", sorted(VALID_AND_INVALID))
def test_every_kind_valid_and_invalid_through_the_one_dispatch(client_as, build_survey, kind):
    spec = next(q for q in ALL_KINDS if q["kind"] == kind)
    survey = build_survey([{**spec, "required": True}], allow_edit=True)
    question = survey.questions.get()
    good, bad = VALID_AND_INVALID[kind]
    if kind in ("single", "multiple", "yes_no"):
        good = choice(survey, spec["label"], *([good] if isinstance(good, str) else good))
        if kind == "multiple":
            bad = choice(survey, spec["label"], *bad)
    client = client_as("agent")
    response = client.post(survey.url, {question.field_name: bad})
    assert response.status_code == 200 and 'id="resume-erreurs"' in response.content.decode()
    assert not SurveyResponse.objects.exists()
    assert client.post(survey.url, {question.field_name: good}).status_code == 302
    stored = list(Answer.objects.filter(question_key=question.key))
    assert stored
    # Editing shows the stored value again (the kind's initial value).
    page = client.get(survey.url).content.decode()
    assert "vous pouvez modifier votre réponse" in page
    shown = good if isinstance(good, str) else good[0]
    shown = {"number": "12,00", "long_text": "\nTrès utile<"}.get(kind, f'value="{shown}"')
    assert shown in page
    # Results and both exports read it through the same kind.
    results = compute_results(survey, [question])
    assert results.total == 1 and results.questions[0].respondents == 1
    coordinator = client_as("coordinator")
    export = _body(coordinator.get(survey.url + "reponses/export/csv/")).decode("utf-8-sig")
    assert spec["label"] in export.splitlines()[0]


# Stable choices ------------------------------------------------------------------------------


def _edit_choices(survey, question, change):
    """Publish a new revision where ``change(blocks)`` edited the question's choices."""
    page = SurveyPage.objects.get(pk=survey.pk)
    edited = page.questions.get(pk=question.pk)
    raw = list(edited.choices.raw_data)
    edited.choices = change([dict(block) for block in raw])
    edited.full_clean()
    edited.save()
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def _bars(client, survey):
    return client.get(survey.url + "resultats/").content.decode()


def test_renaming_reordering_and_adding_choices_keeps_the_demo_figures(
    client_as, home_page, index_page
):
    demo.load()
    survey = SurveyPage.objects.get(title=demo.SATISFACTION_TITLE)
    question = survey.questions.get()
    client = client_as("agent")
    assert f'<th scope="row">Oui</th><td>102</td><td>85{NBSP}%</td>' in _bars(client, survey)

    def rename_reorder_add(blocks):
        for block in blocks:
            if block["value"]["label"] == "Oui":
                block["value"] = {**block["value"], "label": "Oui, tout à fait"}
        blocks.reverse()
        blocks.append({"type": "choice", "value": {"label": "Un peu", "archived": False}})
        return blocks

    survey = _edit_choices(survey, question, rename_reorder_add)
    html = _bars(client, survey)
    assert f'<th scope="row">Oui, tout à fait</th><td>102</td><td>85{NBSP}%</td>' in html
    assert f'<th scope="row">Je ne sais pas trop encore</th><td>17</td><td>14,2{NBSP}%</td>' in html
    assert f'<th scope="row">Un peu</th><td>0</td><td>0{NBSP}%</td>' in html
    assert '<th scope="row">Oui</th>' not in html
    # Reordered: the new order is the results' order.
    assert html.index("Je ne sais pas trop encore") < html.index("Oui, tout à fait")


def test_removing_an_answered_choice_is_refused_archiving_keeps_it(client_as, build_survey):
    survey = build_survey([{"kind": "single", "label": "Utile ?", "choices": "Oui\nNon"}])
    bulk_responses(survey, [{"Utile ?": "Oui"}])
    question = survey.questions.get()
    question.choices = [b for b in question.choices.raw_data if b["value"]["label"] != "Oui"]
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "Impossible de supprimer « Oui »" in str(error.value)
    # Removing an unanswered choice is fine.
    question = survey.questions.get()
    question.choices = [b for b in question.choices.raw_data if b["value"]["label"] != "Non"]
    question.full_clean()

    def archive(blocks):
        blocks[0]["value"] = {**blocks[0]["value"], "archived": True}
        return blocks

    survey = _edit_choices(survey, survey.questions.get(), archive)
    page = client_as("agent").get(survey.url).content.decode()
    assert ">Oui<" not in page and ">Non<" in page
    html = _bars(client_as("coordinator"), survey)
    assert f'<th scope="row">Oui</th><td>1</td><td>100{NBSP}%</td>' in html


# Show-if -------------------------------------------------------------------------------------

SHOW_IF = [
    {"kind": "scale", "label": "Votre note", "scale_min": 1, "scale_max": 5, "required": True},
    {
        "kind": "long_text",
        "label": "Pourquoi ?",
        "required": True,
        "show_if": ("Votre note", ["1", "2"]),
    },
]


def test_show_if_is_enforced_on_the_server(client_as, build_survey):
    survey = build_survey(SHOW_IF, one_response_per_person=False)
    why = survey.questions.get(label="Pourquoi ?")
    client = client_as("agent")
    page = client.get(survey.url).content.decode()
    # Same step as its source: in the page, shown or hidden live by the script.
    assert f'data-show-if-field="{field(survey, "Votre note")}"' in page
    assert 'data-show-if-values="1 2"' in page and "show_if.js" in page
    # A tampered post answering the hidden question: stored without it, and the required
    # hidden question is not required.
    data = {field(survey, "Votre note"): "5", why.field_name: "réponse forcée"}
    assert client.post(survey.url, data).status_code == 302
    assert not Answer.objects.filter(question_key=why.key).exists()
    assert client.post(survey.url, {field(survey, "Votre note"): "2"}).status_code == 200
    data = {field(survey, "Votre note"): "2", why.field_name: "Trop rapide"}
    assert client.post(survey.url, data).status_code == 302
    assert Answer.objects.get(question_key=why.key).text == "Trop rapide"


def test_without_javascript_a_later_step_shows_only_what_applies(client_as, build_survey):
    questions = [dict(q) for q in SHOW_IF]
    questions[1]["step_title"] = "Précisions"
    questions.append({"kind": "short_text", "label": "Votre équipe", "step_title": "Fin"})
    survey = build_survey(questions)
    client = client_as("agent")
    note = field(survey, "Votre note")
    # A good mark: the "Pourquoi ?" step is skipped.
    html = client.post(survey.url, {"etape": "0", "action": "suivant", note: "5"}).content.decode()
    assert "Étape 2 sur 2 : Fin" in html and "Pourquoi ?" not in html
    # A low mark: it is asked.
    html = client.post(survey.url, {"etape": "0", "action": "suivant", note: "1"}).content.decode()
    assert "Étape 2 sur 3 : Précisions" in html and "Pourquoi ?" in html


# Rating grid ---------------------------------------------------------------------------------


def test_grid_answers_and_results(client_as, build_survey):
    survey = build_survey([GRID], results_visibility="readers", one_response_per_person=False)
    question = survey.questions.get()
    clear = statement_key(question, "L'atelier était clair")
    pace = statement_key(question, "Le rythme était bon")
    kind = question.kind_class
    names = {s.key: kind.row_name(question, s) for s in kind.statements(question)}
    client = client_as("agent")
    page = client.get(survey.url).content.decode()
    assert page.count('class="grid-question__row') == 2
    assert '<legend class="grid-question__statement">L&#x27;atelier était clair' in page
    agree = choice_key(question, "D'accord")
    rather = choice_key(question, "Plutôt d'accord")
    assert client.post(survey.url, {names[clear]: agree, names[pace]: rather}).status_code == 302
    assert client.post(survey.url, {names[clear]: agree}).status_code == 302
    assert client.post(survey.url, {names[clear]: "n'importe quoi"}).status_code == 200
    stored = sorted(Answer.objects.values_list("row_key", "choice"))
    assert stored == sorted([(clear, agree), (pace, rather), (clear, agree)])
    html = client.get(survey.url + "resultats/").content.decode()
    assert 'class="stacked__row"' in html
    assert f"<td>2 (100{NBSP}%)</td>" in html  # "L'atelier était clair": D'accord ×2
    assert f"<td>1 (50{NBSP}%)</td>" in html  # "Le rythme était bon": Plutôt d'accord, 1 blank
    export = _body(client_as("coordinator").get(survey.url + "reponses/export/csv/"))
    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == [
        "Votre accord avec ces affirmations – L'atelier était clair",
        "Votre accord avec ces affirmations – Le rythme était bon",
    ]
    assert ["D'accord", "Plutôt d'accord"] in [row[-2:] for row in rows]


# Steps and drafts ----------------------------------------------------------------------------

STEPS = [
    {"kind": "short_text", "label": "Votre équipe", "required": True},
    {"kind": "yes_no", "label": "Reviendrez-vous ?", "step_title": "Suite"},
    {"kind": "long_text", "label": "Un commentaire", "step_title": "Fin"},
]


def test_steps_keep_a_draft_that_can_be_resumed(client_as, build_survey):
    survey = build_survey(STEPS)
    client = client_as("agent")
    team = field(survey, "Votre équipe")
    # Step 1's required question is checked before moving on.
    html = client.post(survey.url, {"etape": "0", "action": "suivant"}).content.decode()
    assert "Étape 1 sur 3" in html and "Répondez à cette question." in html
    html = client.post(
        survey.url, {"etape": "0", "action": "suivant", team: "Culture"}
    ).content.decode()
    assert "Étape 2 sur 3 : Suite" in html and "Brouillon enregistré" in html
    draft = SurveyDraft.objects.get()
    assert draft.step == 1 and draft.data[team] == ["Culture"]
    # A draft is not a response.
    assert not SurveyResponse.objects.exists()
    assert "Vous avez commencé à répondre" in client.get(survey.url).content.decode()
    html = client.get(survey.url + "?reprendre=1").content.decode()
    assert "Étape 2 sur 3 : Suite" in html and 'value="Culture"' in html
    yes = choice(survey, "Reviendrez-vous ?", "Oui")
    html = client.post(
        survey.url,
        {
            "etape": "1",
            "action": "suivant",
            team: "Culture",
            field(survey, "Reviendrez-vous ?"): yes,
        },
    ).content.decode()
    assert "Étape 3 sur 3 : Fin" in html
    back = client.post(
        survey.url, {"etape": "2", "action": "precedent", team: "Culture"}
    ).content.decode()
    assert "Étape 2 sur 3" in back
    data = {
        "etape": "2",
        "action": "envoyer",
        team: "Culture",
        field(survey, "Reviendrez-vous ?"): yes,
        field(survey, "Un commentaire"): "Merci",
    }
    assert client.post(survey.url, data).status_code == 302
    assert SurveyResponse.objects.count() == 1 and not SurveyDraft.objects.exists()


def test_anonymous_surveys_keep_no_draft(client_as, build_survey):
    survey = build_survey(STEPS, anonymous=True)
    client = client_as("agent")
    team = field(survey, "Votre équipe")
    client.post(survey.url, {"etape": "0", "action": "suivant", team: "Culture"})
    assert not SurveyDraft.objects.exists()


# Honest submissions --------------------------------------------------------------------------


def test_an_empty_submission_is_refused_unless_allowed(client_as, build_survey):
    questions = [{"kind": "yes_no", "label": "Utile ?"}]
    survey = build_survey(questions)
    response = client_as("agent").post(survey.url, {})
    assert response.status_code == 200
    assert "Répondez à au moins une question." in response.content.decode()
    assert not SurveyResponse.objects.exists()
    allowed = build_survey(questions, title="Libre", slug="libre", allow_empty=True)
    assert client_as("agent", username="libre").post(allowed.url, {}).status_code == 302


def test_the_demo_survey_refuses_an_empty_click(client_as, home_page, index_page):
    demo.load()
    survey = SurveyPage.objects.get(title=demo.SATISFACTION_TITLE)
    client = client_as("agent")
    assert "Répondez à au moins une question." in client.post(survey.url, {}).content.decode()
    html = client.get(survey.url).content.decode()
    assert "Vous avez déjà répondu" not in html
    results = client.get(survey.url + "resultats/").content.decode()
    assert f"<td>102</td><td>85{NBSP}%</td>" in results


def test_soft_required_question_asks_to_confirm_once(client_as, build_survey):
    survey = build_survey(
        [
            {"kind": "yes_no", "label": "Utile ?"},
            {"kind": "long_text", "label": "Un commentaire", "soft_required": True},
        ]
    )
    client = client_as("agent")
    data = {field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui")}
    html = client.post(survey.url, data).content.decode()
    assert "1 question souhaitée" not in html  # singular form
    assert "Une question souhaitée est restée sans réponse" in html
    assert 'name="confirmer"' in html and not SurveyResponse.objects.exists()
    assert client.post(survey.url, {**data, "confirmer": "1"}).status_code == 302
    assert SurveyResponse.objects.count() == 1


# Tallies -------------------------------------------------------------------------------------


def _recount_matches(survey):
    incremental = tallies.snapshot(survey)
    call_command("rebuild_survey_tallies", survey=survey.pk, stdout=io.StringIO())
    assert tallies.snapshot(survey) == incremental
    questions = survey.ordered_questions()
    fast = compute_results(survey, questions, source="tallies")
    raw = compute_results(survey, questions, source="raw")
    for ours, theirs in zip(fast.questions, raw.questions, strict=True):
        assert (ours.respondents, ours.bars, ours.stats, ours.keywords, ours.grid) == (
            theirs.respondents,
            theirs.bars,
            theirs.stats,
            theirs.keywords,
            theirs.grid,
        )
    return fast


def test_tallies_equal_a_raw_recount_after_submissions_edits_and_deletions(
    client_as, build_survey, make_user
):
    survey = build_survey([*ALL_KINDS, GRID], allow_edit=True, results_visibility="readers")
    questions = survey.ordered_questions()
    grid = survey.questions.get(kind="grid")
    kind = grid.kind_class
    rng = random.Random(10)
    people = []
    for i in range(6):
        person = Client()
        person.force_login(make_user("agent", username=f"agent{i}"))
        people.append(person)
    for client in people:
        data = valid_post(
            survey,
            **{
                field(survey, "Votre note"): str(rng.randint(1, 5)),
                field(survey, "Combien de collègues ?"): str(rng.randint(1, 20)),
                field(survey, "Vos mots-clés"): rng.choice(
                    ["Écoute", "écoute, Confiance", "vision"]
                ),
                field(survey, "Vos thèmes"): choice(survey, "Vos thèmes", *rng.sample("ABCD", 2)),
            },
        )
        for statement in kind.statements(grid):
            data[kind.row_name(grid, statement)] = rng.choice(kind.choices(grid)).key
        assert client.post(survey.url, data).status_code == 302
    # Bulk responses (as the demo and the benchmark write them), spread over days.
    bulk_responses(
        survey,
        [{"Votre note": rng.randint(1, 5), "Vos thèmes": ["C"]} for _ in range(20)],
        start=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
    )
    _recount_matches(survey)
    # Edits: change the mark and drop the keywords.
    for client in people[:3]:
        data = valid_post(
            survey, **{field(survey, "Votre note"): "1", field(survey, "Vos mots-clés"): ""}
        )
        assert client.post(survey.url, data).status_code == 302
    _recount_matches(survey)
    # Deletions: one response, then a set of them.
    SurveyResponse.objects.filter(user__isnull=False).first().delete()
    bulk = SurveyResponse.objects.filter(user__isnull=True).values_list("pk", flat=True)
    tallies.delete_responses(SurveyResponse.objects.filter(pk__in=list(bulk[:5])))
    results = _recount_matches(survey)
    assert results.total == SurveyResponse.objects.filter(survey=survey).count() == 20
    # Date filters read the tallies too.
    march = {"date_from": datetime.date(2026, 2, 1), "date_to": datetime.date(2026, 3, 31)}
    fast = compute_results(survey, questions, march)
    raw = compute_results(survey, questions, march, source="raw")
    assert fast.total == raw.total == 15
    assert [q.bars for q in fast.questions] == [q.bars for q in raw.questions]


def test_results_page_reads_tallies_in_few_queries(
    client_as, build_survey, django_assert_max_num_queries
):
    survey = build_survey(results_visibility="readers", one_response_per_person=False)
    bulk_responses(
        survey, [{"Votre note": i % 5 + 1, "Vos mots-clés": "écoute"} for i in range(50)]
    )
    client = client_as("agent")
    client.get(survey.url + "resultats/")
    # Page serving and sign-in, then the questions, the tallies and the written answers
    # (one query on PostgreSQL, one per text question elsewhere): not the responses.
    with django_assert_max_num_queries(11 if connection.vendor == "postgresql" else 13):
        html = client.get(survey.url + "resultats/").content.decode()
    assert "50 réponses" in html


# French collation ----------------------------------------------------------------------------


def test_word_cloud_and_keyword_export_in_french(client_as, build_survey):
    survey = build_survey(
        [{"kind": "keywords", "label": "Mots", "max_keywords": 3}],
        results_visibility="readers",
        one_response_per_person=False,
    )
    bulk_responses(
        survey, [{"Mots": "vision, Écoute, confiance"}, {"Mots": "Zèle, ecoute"}, {"Mots": "âme"}]
    )
    html = client_as("agent").get(survey.url + "resultats/").content.decode()
    cloud = html[html.index('class="word-cloud"') : html.index("</ul>", html.index("word-cloud"))]
    order = [word for word in ["âme", "confiance", "écoute", "vision", "zèle"] if word in cloud]
    assert order == ["âme", "confiance", "écoute", "vision", "zèle"]
    assert [cloud.index(word) for word in order] == sorted(cloud.index(word) for word in order)
    assert sorted(["vision", "écoute", "Zèle", "âme"], key=french_sort_key) == [
        "âme",
        "écoute",
        "vision",
        "Zèle",
    ]
    coordinator = client_as("coordinator")
    export = _body(coordinator.get(survey.url + "resultats/export/csv/")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert ["Mots", "écoute", "2", "66,7%", "ecoute"] in rows
    export = _body(coordinator.get(survey.url + "reponses/export/csv/")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert rows[0][-2:] == ["Mots", "Mots (forme normalisée)"]
    assert ["vision | Écoute | confiance", "vision | ecoute | confiance"] in [r[-2:] for r in rows]


def test_choice_hint_is_plural_aware(client_as, build_survey):
    survey = build_survey(
        [{"kind": "multiple", "label": "Thèmes", "choices": "A\nB", "min_choices": 1}]
    )
    html = client_as("agent").get(survey.url).content.decode()
    assert "Cochez au moins 1 réponse." in html and "1 réponses" not in html
    assert rows_for(survey, {"Thèmes": ["A"]})[0]["choice"] == choice(survey, "Thèmes", "A")


def test_editor_sees_choices_grid_rows_and_show_if_in_the_admin(client_as, build_survey):
    survey = build_survey([*SHOW_IF, GRID])
    html = client_as("superuser").get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert "Affichage conditionnel" in html and "Toujours afficher" in html
    assert "affirmations de la grille" in html.lower()
    # The later questions may depend on the scale: its values are offered.
    assert "Votre note : 2" in html


def test_a_show_if_condition_needs_an_earlier_choice_question(build_survey):
    survey = build_survey(
        [{"kind": "short_text", "label": "Équipe"}, {"kind": "yes_no", "label": "Utile ?"}]
    )
    team, useful = survey.questions.get(label="Équipe"), survey.questions.get(label="Utile ?")
    useful.show_if_question = team.key
    useful.show_if_values = ["x"]
    with pytest.raises(ValidationError) as error:
        useful.full_clean()
    assert "Choisissez une question précédente à choix" in str(error.value)
