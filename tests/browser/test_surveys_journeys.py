"""Survey journeys in Chromium: answering, the thank-you page, results, the XLSX export, axe."""

import openpyxl
import pytest

from surveys import demo
from surveys.models import SurveyPage, SurveyResponse


@pytest.fixture
def demo_surveys(live_site):
    demo.load()
    return {survey.title: survey for survey in SurveyPage.objects.all()}


def test_agent_answers_the_satisfaction_survey(
    page, live_site, sign_in, demo_surveys, assert_accessible
):
    survey = demo_surveys[demo.SATISFACTION_TITLE]
    sign_in("agent")
    page.goto(live_site + survey.url)
    assert_accessible()
    page.get_by_role("group", name=demo.SATISFACTION_QUESTION).get_by_label("Oui").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Merci pour votre réponse"
    assert SurveyResponse.objects.filter(survey=survey).count() == 121
    # Results are open to readers: the new response counts at once (103 of 121 = 85,1 %).
    page.get_by_role("link", name="Voir les résultats").click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name="Oui")
    assert "103" in row.inner_text() and "85,1\u202f%" in row.inner_text()
    assert_accessible()


def test_form_with_errors_is_accessible(page, live_site, sign_in, demo_surveys, assert_accessible):
    survey = demo_surveys[demo.REQUEST_TITLE]
    sign_in("agent")
    page.goto(live_site + survey.url)
    assert_accessible()
    page.get_by_label("Nombre de participants envisagé").fill("500")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state()
    summary = page.locator("#resume-erreurs")
    assert "Le formulaire contient" in summary.inner_text()
    assert "Saisissez un nombre inférieur ou égal à 200." in summary.inner_text()
    # The summary's links lead to the fields.
    summary.get_by_role(
        "link", name="Équipe, site ou groupe projet : Répondez à cette question."
    ).click()
    assert "#id_q_" in page.url
    assert_accessible()
    assert SurveyResponse.objects.filter(survey=survey).count() == 0


def test_keyword_results_page_is_accessible(
    page, live_site, sign_in, demo_surveys, assert_accessible
):
    survey = demo_surveys[demo.KEYWORD_TITLE]
    sign_in("partner")
    page.goto(live_site + survey.url + "resultats/")
    assert page.locator(".word-cloud").is_visible()
    assert_accessible()


def test_coordinator_downloads_the_xlsx_export(page, live_site, sign_in, demo_surveys, tmp_path):
    survey = demo_surveys[demo.SATISFACTION_TITLE]
    sign_in("coordinator")
    page.goto(live_site + survey.url + "resultats/")
    with page.expect_download() as download_info:
        page.get_by_role("listitem").filter(has_text="Toutes les réponses").get_by_role(
            "link", name="XLSX"
        ).click()
    path = tmp_path / "reponses.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Réponse n°", "Date d'envoi", demo.SATISFACTION_QUESTION)
    assert len(rows) == 121
    answers = [row[2] for row in rows[1:]]
    assert answers.count("Oui") == 102
    assert answers.count("Je ne sais pas trop encore") == 17
    assert answers.count(None) == 1


@pytest.fixture
def grid_and_steps_survey(live_site):
    from home.site import ensure_home_page
    from surveys.factories import make_survey, survey_index

    return make_survey(
        survey_index(ensure_home_page()),
        title="Exemple fictif : bilan d'une séance",
        slug="exemple-bilan-seance",
        audience="agents",
        results_visibility="readers",
        questions=[
            {
                "kind": "scale",
                "label": "Votre note pour la séance",
                "scale_min": 1,
                "scale_max": 5,
                "required": True,
            },
            {
                "kind": "long_text",
                "label": "Pourquoi cette note ?",
                "show_if": ("Votre note pour la séance", ["1", "2"]),
            },
            {
                "kind": "grid",
                "label": "Votre accord avec ces affirmations",
                "step_title": "Le déroulé",
                "choices": ["Pas d'accord", "Plutôt pas", "Plutôt d'accord", "D'accord"],
                "rows": ["La séance était claire", "Le rythme était bon"],
                "required": True,
            },
        ],
    )


def test_show_if_grid_and_steps_in_the_browser(
    page, live_site, sign_in, grid_and_steps_survey, assert_accessible
):
    survey = grid_and_steps_survey
    sign_in("agent")
    page.goto(live_site + survey.url)
    assert "Étape 1 sur 2" in page.get_by_role("heading", level=2).inner_text()
    why = page.get_by_label("Pourquoi cette note ?")
    # Shown live by the script, only for a low mark.
    assert not why.is_visible()
    marks = page.get_by_role("group", name="Votre note pour la séance")
    marks.get_by_label("2", exact=True).check()
    assert why.is_visible()
    why.fill("Trop rapide")
    marks.get_by_label("5", exact=True).check()
    assert not why.is_visible()
    assert_accessible()
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_load_state()
    assert "Étape 2 sur 2 : Le déroulé" in page.get_by_role("heading", level=2).inner_text()
    # The grid: one radio group per statement, named by the statement.
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state()
    assert "Le formulaire contient 2 erreurs" in page.locator("#resume-erreurs").inner_text()
    assert_accessible()
    page.get_by_role("group", name="La séance était claire").get_by_label(
        "D'accord", exact=True
    ).check()
    page.get_by_role("group", name="Le rythme était bon").get_by_label("Plutôt pas").check()
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_accessible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Merci pour votre réponse"
    response = SurveyResponse.objects.get(survey=survey)
    # The hidden question's typed text was not kept (mark 5).
    assert response.answers.count() == 3
    page.get_by_role("link", name="Voir les résultats").click()
    page.wait_for_load_state()
    assert page.get_by_role("row", name="Le rythme était bon").is_visible()
    assert_accessible()
