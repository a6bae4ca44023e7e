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
