"""The shared export helper: formula neutralisation, streaming formats, the export log."""

import io
import json

import pytest
from openpyxl import load_workbook

from portal.exports import export_response, neutralise_formula
from portal.models import ExportLog


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tdonnée", "'\tdonnée"),
        ("\rdonnée", "'\rdonnée"),
        ("+33 3 83 12 34 56", "+33 3 83 12 34 56"),
        ("+33 (0)3 83 12 34 56", "+33 (0)3 83 12 34 56"),
        ("-12,5", "-12,5"),
        ("Vandœuvre-lès-Nancy", "Vandœuvre-lès-Nancy"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


HEADERS = ["Nom", "Téléphone", "Note"]
ROWS = [
    ["Forbach Porte de France", "+33 3 87 00 00 00", "=1+1"],
    ["Métropole du Grand Nancy", "-", "@cmd"],
]


def _content(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def request_as(rf, make_user):
    def _request(kind="coordinator"):
        request = rf.get("/")
        request.user = make_user(kind)
        return request

    return _request


@pytest.mark.django_db
def test_csv_export_is_semicolon_separated_with_bom_and_neutralised(request_as):
    response = export_response(
        request_as(), fmt="csv", what="Contacts", headers=HEADERS, rows=iter(ROWS), row_count=2
    )
    text = _content(response).decode("utf-8")
    assert text.startswith("\ufeffNom;Téléphone;Note")
    assert "Forbach Porte de France;+33 3 87 00 00 00;'=1+1" in text
    assert "'@cmd" in text
    assert response["Content-Disposition"].startswith('attachment; filename="contacts_')


@pytest.mark.django_db
def test_xlsx_export_types_text_cells_as_text(request_as):
    response = export_response(
        request_as(), fmt="xlsx", what="Contacts", headers=HEADERS, rows=iter(ROWS), row_count=2
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["B2"].value == "+33 3 87 00 00 00"
    assert sheet["C2"].value == "'=1+1"
    assert sheet["C2"].data_type == "s"


@pytest.mark.django_db
def test_json_export_is_a_list_of_objects(request_as):
    response = export_response(
        request_as(), fmt="json", what="Contacts", headers=HEADERS, rows=iter(ROWS), row_count=2
    )
    data = json.loads(_content(response))
    assert data[0] == {
        "Nom": "Forbach Porte de France",
        "Téléphone": "+33 3 87 00 00 00",
        "Note": "=1+1",
    }


@pytest.mark.django_db
def test_every_export_is_logged(request_as):
    request = request_as()
    export_response(
        request,
        fmt="csv",
        what="Contacts",
        headers=HEADERS,
        rows=iter(ROWS),
        row_count=2,
        filters={"theme": "TFPB"},
    )
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.format, log.row_count) == (request.user, "Contacts", "csv", 2)
    assert log.filters == {"theme": "TFPB"}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("coordinator", 200), ("communication", 403)])
def test_export_log_is_listed_for_coordinators_only(client_as, home_page, role, status):
    url = "/admin/portal/exportlog/"
    response = client_as(role).get(url)
    assert response.status_code in ({200} if status == 200 else {302, 403})


@pytest.mark.django_db
def test_xlsx_sheet_title_accepts_any_export_name(request_as):
    """Excel forbids []:*?/\\ in sheet titles and caps them at 31 characters."""
    response = export_response(
        request_as(),
        fmt="xlsx",
        what="Réponses : satisfaction 2024/2025 [Saison 1] – toutes séances confondues",
        headers=HEADERS,
        rows=iter(ROWS),
        row_count=2,
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Réponses  satisfaction 20242025"
    assert sheet["A2"].value == "Forbach Porte de France"
