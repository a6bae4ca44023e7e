"""The shared export helper: formula neutralisation, typed cells, streaming formats, the log."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.exports import (
    CODE,
    COORDINATE,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    PERCENT,
    PHONE,
    TEXT,
    Column,
    export_response,
    french_number,
    neutralise_formula,
)
from portal.models import ExportLog
from tests.libreoffice import shown_rows


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


# Typed columns -----------------------------------------------------------------------------

TYPED_COLUMNS = [
    Column("Nom", TEXT),
    Column("Téléphone", PHONE),
    Column("Code INSEE", CODE),
    Column("Participants", INTEGER),
    Column("Montant", NUMBER),
    Column("Latitude", COORDINATE),
    Column("Part", PERCENT),
    Column("Jour", DATE),
    Column("Mis à jour", DATETIME),
]
SUMMER_MORNING = datetime.datetime(2026, 7, 14, 8, 30, 15, tzinfo=datetime.UTC)  # 10:30 in Paris
TYPED_ROWS = [
    [
        "Centre social Les Nations",
        "0387000000",
        "01001",
        12,
        Decimal("1234.50"),
        Decimal("48.65806"),
        Decimal(1) / 7,
        datetime.date(2026, 1, 31),
        SUMMER_MORNING,
    ],
    ["=1+1", "03 87 00 00 00", "54547", 0, Decimal("12.00"), Decimal("-4.04444"), 1, None, None],
    ["Sans données", "", "", None, "–", None, None, None, None],
]


def _typed_export(request_as, fmt):
    response = export_response(
        request_as(),
        fmt=fmt,
        what="Typé",
        headers=TYPED_COLUMNS,
        rows=iter(TYPED_ROWS),
        row_count=len(TYPED_ROWS),
    )
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_xlsx_cells_are_typed_by_their_column(request_as):
    sheet = load_workbook(io.BytesIO(_typed_export(request_as, "xlsx"))).active
    first, second, third = sheet[2], sheet[3], sheet[4]
    # Phones and codes are text: their leading zeros stay.
    assert (first[1].value, first[1].data_type) == ("0387000000", "s")
    assert (first[2].value, first[2].data_type) == ("01001", "s")
    # Numbers and coordinates are numbers.
    assert (first[3].value, first[3].data_type) == (12, "n")
    assert (first[4].value, first[4].data_type) == (1234.5, "n")
    assert (first[5].value, second[5].value) == (48.65806, -4.04444)
    assert second[4].value == 12 and second[3].value == 0
    # Percentages are fractions shown as percentages.
    assert first[6].value == pytest.approx(1 / 7)
    assert first[6].number_format == "0.0%"
    assert second[6].value == 1
    # Dates are dates; datetimes are Paris wall-clock time (Excel has no time zones).
    assert first[7].is_date and first[7].value == datetime.datetime(2026, 1, 31)
    assert first[7].number_format == "dd/mm/yyyy"
    assert first[8].is_date and first[8].value == datetime.datetime(2026, 7, 14, 10, 30, 15)
    assert first[8].number_format == "dd/mm/yyyy hh:mm"
    # Text is neutralised; a value that is not a number stays text; empty stays empty.
    assert (second[0].value, second[0].data_type) == ("'=1+1", "s")
    assert (third[4].value, third[4].data_type) == ("–", "s")
    assert third[3].value is None and third[7].value is None


@pytest.mark.django_db
def test_xlsx_header_is_frozen_filtered_and_columns_fit_their_content(request_as):
    sheet = load_workbook(io.BytesIO(_typed_export(request_as, "xlsx"))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    assert [cell.font.b for cell in sheet[1]] == [True] * len(TYPED_COLUMNS)
    widths = {column: sheet.column_dimensions[column].width for column in "ABDH"}
    # "Centre social Les Nations" (25 characters) is wider than its header.
    assert widths["A"] > len("Centre social Les Nations")
    # A short column is as wide as its header and the filter button, not as its values.
    assert len("Participants") < widths["D"] < len("Centre social Les Nations")
    assert widths["H"] >= len("31/01/2026")


@pytest.mark.django_db
def test_codes_and_digit_only_text_keep_their_leading_zero_in_xlsx_and_stay_verbatim_in_csv(
    request_as,
):
    """Postcodes and INSEE codes: text in the XLSX; written as stored in the CSV (no CSV form
    keeps a spreadsheet from reading "08000" as 8000: the known limit the README states)."""
    headers = [Column("Code postal", CODE), Column("Code INSEE", CODE), Column("Réponse", TEXT)]
    rows = [["08000", "2A004", "08000"], [None, "01001", "0"]]

    def export(fmt):
        response = export_response(
            request_as(), fmt=fmt, what="Codes", headers=headers, rows=iter(rows), row_count=2
        )
        return b"".join(response.streaming_content)

    sheet = load_workbook(io.BytesIO(export("xlsx"))).active
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [
        ("08000", "s"),
        ("2A004", "s"),
        ("08000", "s"),
    ]
    assert [(cell.value, cell.data_type) for cell in sheet[3]][1:] == [("01001", "s"), ("0", "s")]
    text = export("csv").decode("utf-8").lstrip("\ufeff")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1:] == [
        ["08000", "2A004", "08000"],
        ["", "01001", "0"],
    ]


@pytest.mark.django_db
def test_xlsx_column_width_is_bounded(request_as):
    response = export_response(
        request_as(),
        fmt="xlsx",
        what="Long",
        headers=[Column("Commentaire", TEXT)],
        rows=iter([["mot " * 500]]),
        row_count=1,
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.column_dimensions["A"].width <= 62
    assert sheet.auto_filter.ref == "A1:A2"


@pytest.mark.django_db
def test_csv_numbers_and_dates_are_written_the_french_way(request_as):
    text = _typed_export(request_as, "csv").decode("utf-8")
    assert text.startswith("\ufeffNom;Téléphone;Code INSEE;Participants;Montant;Latitude;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == [
        "Centre social Les Nations",
        "03 87 00 00 00",  # a spreadsheet would read 0387000000 as the number 387000000
        "01001",
        "12",
        "1234,5",
        "48,65806",
        "14,3%",
        "31/01/2026",
        "14/07/2026 10:30",
    ]
    assert rows[2] == ["'=1+1", "03 87 00 00 00", "54547", "0", "12", "-4,04444", "100%", "", ""]
    assert rows[3] == ["Sans données", "", "", "", "–", "", "", "", ""]


@pytest.mark.django_db
def test_json_numbers_are_numbers_and_dates_iso(request_as):
    data = json.loads(_typed_export(request_as, "json"))
    assert data[0] == {
        "Nom": "Centre social Les Nations",
        "Téléphone": "0387000000",
        "Code INSEE": "01001",
        "Participants": 12,
        "Montant": 1234.5,
        "Latitude": 48.65806,
        "Part": pytest.approx(0.142857),
        "Jour": "2026-01-31",
        "Mis à jour": "2026-07-14T10:30:15+02:00",
    }
    assert data[1]["Nom"] == "=1+1"  # JSON is data, not a spreadsheet: never neutralised
    assert (data[1]["Montant"], data[1]["Part"]) == (12, 1)
    assert data[2] == {
        "Nom": "Sans données",
        "Téléphone": "",
        "Code INSEE": "",
        "Participants": None,
        "Montant": "–",
        "Latitude": None,
        "Part": None,
        "Jour": None,
        "Mis à jour": None,
    }


@pytest.mark.django_db
def test_libreoffice_shows_the_xlsx_as_a_french_user_reads_it(request_as, tmp_path):
    rows = shown_rows(_typed_export(request_as, "xlsx"), tmp_path)
    assert rows[0] == [str(column) for column in TYPED_COLUMNS]
    assert rows[1] == [
        "Centre social Les Nations",
        "0387000000",
        "01001",
        "12",
        "1234,5",
        "48,65806",
        "14,3%",
        "31/01/2026",
        "14/07/2026 10:30",
    ]
    # LibreOffice shows a text cell as it is (the apostrophe is part of the text).
    assert rows[2][:7] == ["'=1+1", "03 87 00 00 00", "54547", "0", "12", "-4,04444", "100,0%"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, "12"),
        (Decimal("12.00"), "12"),
        (Decimal("12.50"), "12,5"),
        (Decimal("-0.00"), "0"),
        (Decimal("1E+3"), "1000"),
        (1e-05, "0,00001"),
        (0.1 + 0.2, "0,30000000000000004"),
        (float("nan"), ""),
        (Decimal("48.658060"), "48,65806"),
    ],
)
def test_french_number(value, expected):
    assert french_number(value) == expected


def test_an_unknown_column_type_is_refused():
    with pytest.raises(ValueError, match="Unknown export column type"):
        Column("Nom", "monnaie")
