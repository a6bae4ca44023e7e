"""Exports of responses and results: who may, what they contain, logged, formula-safe."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from portal.models import ExportLog
from surveys.exports import _shown_number
from surveys.factories import bulk_responses
from surveys.models import SurveyQuestion
from tests.libreoffice import shown_rows
from tests.surveys.conftest import choice, field

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": "single", "label": "Utile ?", "choices": "Oui\nNon"},
    {"kind": "multiple", "label": "Thèmes", "choices": "A\nB\nC"},
    {"kind": "short_text", "label": "Équipe"},
    {"kind": "number", "label": "Combien ?"},
]


def _body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return b"".join(response)


def _answered(client_as, build_survey, **fields):
    survey = build_survey(QUESTIONS, one_response_per_person=False, **fields)
    agent = client_as("agent", username="camille", first_name="Camille", last_name="Martin")
    data = {
        field(survey, "Utile ?"): choice(survey, "Utile ?", "Oui"),
        field(survey, "Thèmes"): choice(survey, "Thèmes", "A", "C"),
        field(survey, "Équipe"): '=HYPERLINK("http://x")',
        field(survey, "Combien ?"): "12",
    }
    assert agent.post(survey.url, data).status_code == 302
    agent.logout()
    return survey


def _url(survey, fmt, what="reponses"):
    return f"{survey.url}{what}/export/{fmt}/"


@pytest.mark.parametrize("kind", ["agent", "partner", "communication"])
def test_only_coordination_exports(client_as, build_survey, kind):
    survey = build_survey(QUESTIONS, results_visibility="readers", visible_to_partners=True)
    client = client_as(kind)
    for fmt in ("csv", "xlsx", "json"):
        assert client.get(_url(survey, fmt)).status_code == 403
    assert client.get(_url(survey, "csv", "resultats")).status_code == 403
    assert ExportLog.objects.count() == 0
    assert "Télécharger" not in client.get(survey.url + "resultats/").content.decode()


def test_csv_export_one_row_per_response_stable_columns(client_as, build_survey):
    survey = _answered(client_as, build_survey)
    # Renamed after answering: the column follows the question, not the old label.
    SurveyQuestion.objects.filter(label="Utile ?").update(label="Vous a-t-il été utile ?")
    client = client_as("coordinator")
    response = client.get(_url(survey, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, row = rows
    assert header[-4:] == ["Vous a-t-il été utile ?", "Thèmes", "Équipe", "Combien ?"]
    assert "Identifiant" in header
    values = dict(zip(header, row, strict=True))
    assert values["Vous a-t-il été utile ?"] == "Oui"
    assert values["Thèmes"] == "A | C"
    assert values["Équipe"].startswith("'=")  # neutralised by portal.exports
    assert values["Identifiant"] == "camille" and values["Nom"] == "Camille Martin"
    log = ExportLog.objects.get()
    assert (log.format, log.row_count, log.username) == ("csv", 1, client.user.username)


def test_anonymous_export_has_no_identity(client_as, build_survey):
    survey = build_survey(QUESTIONS, anonymous=True, min_responses_for_results=1)
    bulk_responses(survey, [{"Utile ?": "Oui"}] * 2)
    client = client_as("coordinator")
    data = json.loads(_body(client.get(_url(survey, "json"))))
    assert len(data) == 2
    assert "Identifiant" not in data[0] and "Nom" not in data[0]
    assert data[0]["Utile ?"] == "Oui"
    assert len(data[0]["Date d'envoi"]) == 10  # the day only


def test_xlsx_export(client_as, build_survey):
    survey = _answered(client_as, build_survey)
    response = client_as("coordinator").get(_url(survey, "xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-4:] == ("Utile ?", "Thèmes", "Équipe", "Combien ?")
    assert rows[1][-4] == "Oui" and rows[1][-1] == 12
    assert sheet.cell(row=2, column=len(rows[0]) - 1).data_type == "s"  # text, not a formula


def test_results_export_csv_and_xlsx(client_as, build_survey):
    survey = _answered(client_as, build_survey)
    client = client_as("coordinator")
    text = _body(client.get(_url(survey, "csv", "resultats"))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Question", "Réponse", "Nombre", "Pourcentage", "Forme normalisée"]
    # Percentages are numbers a French spreadsheet reads as percentages (no narrow space).
    assert ["Utile ?", "Oui", "1", "100%", ""] in rows
    assert ["Utile ?", "Sans réponse", "0", "0%", ""] in rows
    sheet = openpyxl.load_workbook(
        io.BytesIO(_body(client.get(_url(survey, "xlsx", "resultats"))))
    ).active
    assert ("Thèmes", "C", 1, 1, None) in list(sheet.iter_rows(values_only=True))
    assert ExportLog.objects.filter(what__startswith="Résultats").count() == 2


@pytest.mark.parametrize("size", [5, 60])
def test_export_query_count_is_bounded(
    client_as, build_survey, django_assert_max_num_queries, size
):
    survey = build_survey(QUESTIONS, one_response_per_person=False)
    bulk_responses(survey, [{"Utile ?": "Oui", "Thèmes": ["A"]}] * size)
    client = client_as("coordinator")
    client.get(survey.url + "resultats/")
    with django_assert_max_num_queries(30):
        body = _body(client.get(_url(survey, "csv")))
    assert body.decode("utf-8-sig").count("\n") == size + 1


@pytest.mark.django_db(transaction=True)
def test_export_reads_ahead_in_a_worker_thread_on_postgresql(client_as, build_survey):
    import threading

    from django.db import connection

    from surveys import exports

    if connection.vendor != "postgresql":
        pytest.skip("The read-ahead worker is used on PostgreSQL only (server-side cursors).")
    survey = build_survey(QUESTIONS, one_response_per_person=False)
    bulk_responses(survey, [{"Utile ?": "Oui"}] * 7)
    text = _body(client_as("coordinator").get(_url(survey, "csv"))).decode("utf-8-sig")
    assert text.count("\n") == 8 and text.count(";Oui;") == 7
    # A consumer that stops early (client gone) stops the worker and frees its connection.
    rows = exports.response_rows(survey, survey.ordered_questions(), survey.responses.all(), 2)
    next(rows)
    rows.close()
    for thread in threading.enumerate():
        if thread.name == "survey-export":
            thread.join(timeout=3)
    assert not [t for t in threading.enumerate() if t.name == "survey-export"]


# Typed cells -------------------------------------------------------------------------------

TYPED_QUESTIONS = [
    {"kind": "number", "label": "Participants"},
    {"kind": "scale", "label": "Note"},
    {"kind": "date", "label": "Date souhaitée"},
    {"kind": "short_text", "label": "Équipe"},
]


def _typed_survey(build_survey):
    """Two responses: 10 and 15,5 participants, notes 4 and 5, one date, one team."""
    survey = build_survey(TYPED_QUESTIONS, one_response_per_person=False)
    keys = {q.label: q.key for q in survey.questions.all()}
    bulk_responses(
        survey,
        [
            [
                {"question_key": keys["Participants"], "number": Decimal("10")},
                {"question_key": keys["Note"], "number": 4, "choice": "4"},
                {"question_key": keys["Date souhaitée"], "date": datetime.date(2026, 3, 9)},
                {"question_key": keys["Équipe"], "text": "01 Équipe"},
            ],
            [
                {"question_key": keys["Participants"], "number": Decimal("15.5")},
                {"question_key": keys["Note"], "number": 5, "choice": "5"},
            ],
        ],
    )
    return survey


def _by_header(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def test_responses_csv_numbers_and_dates_are_french(client_as, build_survey):
    survey = _typed_survey(build_survey)
    text = _body(client_as("coordinator").get(_url(survey, "csv"))).decode("utf-8-sig")
    rows = _by_header(list(csv.reader(io.StringIO(text), delimiter=";")))
    by_count = {row["Participants"]: row for row in rows}
    assert set(by_count) == {"10", "15,5"}  # not "10.00", "15.50"
    assert by_count["10"]["Note"] == "4" and by_count["15,5"]["Note"] == "5"
    assert by_count["10"]["Date souhaitée"] == "09/03/2026"
    assert by_count["10"]["Équipe"] == "01 Équipe"
    day = by_count["10"]["Date d'envoi"]
    assert datetime.datetime.strptime(day, "%d/%m/%Y")  # dd/mm/yyyy
    assert by_count["10"]["Réponse n°"].isdigit()


def test_responses_xlsx_and_json_are_typed(client_as, build_survey):
    survey = _typed_survey(build_survey)
    client = client_as("coordinator")
    sheet = openpyxl.load_workbook(io.BytesIO(_body(client.get(_url(survey, "xlsx"))))).active
    header = [cell.value for cell in sheet[1]]
    cells = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    numbers = sorted(row["Participants"].value for row in cells)
    assert numbers == [10, 15.5]
    assert all(row["Participants"].data_type == "n" for row in cells)
    assert all(row["Note"].data_type == "n" and row["Réponse n°"].data_type == "n" for row in cells)
    assert all(row["Date d'envoi"].is_date for row in cells)
    dated = next(row for row in cells if row["Date souhaitée"].value is not None)
    assert dated["Date souhaitée"].is_date
    assert dated["Date souhaitée"].value == datetime.datetime(2026, 3, 9)
    assert dated["Équipe"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")

    data = json.loads(_body(client.get(_url(survey, "json"))))
    assert sorted(item["Participants"] for item in data) == [10, 15.5]
    assert sorted(item["Note"] for item in data) == [4, 5]
    assert {item["Date souhaitée"] for item in data} == {"2026-03-09", None}
    assert all(isinstance(item["Réponse n°"], int) for item in data)


def test_results_exports_hold_numbers_and_percentages(client_as, build_survey):
    survey = _typed_survey(build_survey)
    client = client_as("coordinator")
    text = _body(client.get(_url(survey, "csv", "resultats"))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Participants", "Moyenne", "12,8", "", ""] in rows  # (10 + 15,5) / 2, as shown
    assert ["Note", "4", "1", "50%", ""] in rows

    sheet = openpyxl.load_workbook(
        io.BytesIO(_body(client.get(_url(survey, "xlsx", "resultats"))))
    ).active
    cells = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=2)}
    mean = cells[("Participants", "Moyenne")]
    assert (mean[2].value, mean[2].data_type) == (12.8, "n")
    four = cells[("Note", "4")]
    assert (four[2].value, four[3].value, four[3].number_format) == (1, 0.5, "0.0%")
    assert sheet.freeze_panes == "A2"


def test_results_json_form_beside_csv_and_xlsx(client_as, build_survey):
    survey = _typed_survey(build_survey)
    client = client_as("coordinator")
    page = client.get(survey.url + "resultats/").content.decode()
    assert f'href="{_url(survey, "json", "resultats")}?' in page
    response = client.get(_url(survey, "json", "resultats"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(_body(response))
    by_answer = {(item["Question"], item["Réponse"]): item for item in data}
    assert by_answer[("Participants", "Moyenne")]["Nombre"] == 12.8
    assert by_answer[("Participants", "Médiane")]["Nombre"] == 12.75
    assert by_answer[("Note", "5")] == {
        "Question": "Note",
        "Réponse": "5",
        "Nombre": 1,
        "Pourcentage": 0.5,
        "Forme normalisée": "",
    }
    assert by_answer[("Participants", "Moyenne")]["Pourcentage"] is None
    log = ExportLog.objects.get()
    assert (log.format, log.what) == ("json", f"Résultats – {survey.title}")


@pytest.mark.parametrize("kind", ["agent", "partner", "communication"])
def test_results_json_has_the_same_door(client_as, build_survey, kind):
    survey = build_survey(QUESTIONS, results_visibility="readers", visible_to_partners=True)
    assert client_as(kind).get(_url(survey, "json", "resultats")).status_code == 403
    assert ExportLog.objects.count() == 0


def test_libreoffice_reads_results_as_numbers_and_percentages(client_as, build_survey, tmp_path):
    survey = _typed_survey(build_survey)
    body = _body(client_as("coordinator").get(_url(survey, "xlsx", "resultats")))
    rows = shown_rows(body, tmp_path)
    assert ["Participants", "Moyenne", "12,8", "", ""] in rows
    assert ["Note", "5", "1", "50,0%", ""] in rows


@pytest.mark.parametrize(
    ("shown", "value"),
    [
        ("1\u202f234,5", Decimal("1234.5")),
        ("14,2\u202f%", Decimal("0.142")),
        ("0\u202f%", Decimal(0)),
        ("–", None),
        ("", None),
        ("NaN", "NaN"),
        ("beaucoup", "beaucoup"),
        (3, 3),
    ],
)
def test_result_figures_are_read_back_as_the_page_shows_them(shown, value):
    assert _shown_number(shown) == value
