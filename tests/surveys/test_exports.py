"""Exports of responses and results: who may, what they contain, logged, formula-safe."""

import csv
import io
import json

import openpyxl
import pytest

from portal.models import ExportLog
from surveys.factories import bulk_responses
from surveys.models import SurveyQuestion
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
    assert ["Utile ?", "Oui", "1", "100\u202f%", ""] in rows
    assert ["Utile ?", "Sans réponse", "0", "0\u202f%", ""] in rows
    sheet = openpyxl.load_workbook(
        io.BytesIO(_body(client.get(_url(survey, "xlsx", "resultats"))))
    ).active
    assert ("Thèmes", "C", 1, "100\u202f%", None) in list(sheet.iter_rows(values_only=True))
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
