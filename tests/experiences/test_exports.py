"""Exports of organisations and contacts: Coordination only, filtered, logged, formula-safe."""

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from experiences.factories import ContactFactory
from experiences.models import Organisation
from portal.models import ExportLog
from tests.libreoffice import shown_rows


def content(response):
    return b"".join(response.streaming_content)


def export_url(model, fmt, query=""):
    return f"/admin/reseau/{model}/export/{fmt}/{query}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["contact", "organisation"])
@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("coordinator", True),
        ("superuser", True),
        ("agent", False),
        ("partner", False),
        ("communication", False),
        ("anonymous", False),
    ],
)
def test_only_coordination_may_export(client_as, network, model, kind, allowed):
    response = client_as(kind).get(export_url(model, "csv"))
    if allowed:
        assert response.status_code == 200
        assert ExportLog.objects.count() == 1
    else:
        assert response.status_code in (302, 403)
        assert ExportLog.objects.count() == 0


@pytest.mark.django_db
def test_contacts_csv_has_french_columns_and_every_contact(client_as, network):
    response = client_as("coordinator").get(export_url("contact", "csv"))
    text = content(response).decode("utf-8")
    header, *rows = [line for line in text.splitlines() if line]
    assert header == (
        "\ufeffPrénom;Nom;Fonction;Organisation;Courriel;Téléphone;Territoires;Thématiques;"
        "Visible par les partenaires;Source;Dernière mise à jour"
    )
    assert len(rows) == 3  # coordinators export everything, hidden contacts included
    assert any("secret.interne@example.org" in row and ";non;" in row for row in rows)


@pytest.mark.django_db
def test_export_applies_the_admin_filter_and_logs_it(client_as, network, themes):
    client = client_as("coordinator")
    response = client.get(export_url("organisation", "json", f"?theme={themes['tfpb'].pk}&q=ville"))
    data = json.loads(content(response))
    assert [row["Nom"] for row in data] == ["Ville de Vandœuvre-lès-Nancy"]
    assert data[0]["Thématiques"] == "TFPB"
    assert data[0]["Type"] == "ville"
    log = ExportLog.objects.get()
    assert (log.format, log.row_count, log.username) == ("json", 1, client.user.username)
    assert log.filters == {"theme": str(themes["tfpb"].pk), "q": "ville"}
    assert log.what.startswith("Organisations du réseau")


@pytest.mark.django_db
def test_formulas_are_neutralised_but_phone_numbers_kept(client_as, network):
    ContactFactory(
        first_name='=HYPERLINK("http://x")',
        last_name="@SUM(A1)",
        job_title="-2+3",
        phone="+33 3 00 00 00 01",
        email="formule@example.org",
        organisation=network["ville"],
    )
    client = client_as("coordinator")
    csv_text = content(client.get(export_url("contact", "csv", "?q=formule"))).decode()
    row = csv_text.splitlines()[1]
    assert row.startswith('"\'=HYPERLINK(""http://x"")";\'@SUM(A1);\'-2+3;')
    assert ";+33 3 00 00 00 01;" in row

    workbook = load_workbook(
        io.BytesIO(content(client.get(export_url("contact", "xlsx", "?q=formule"))))
    )
    sheet = workbook.active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["F2"].value == "+33 3 00 00 00 01"


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_rows(client_as, network, django_assert_max_num_queries):
    client = client_as("coordinator")
    for size in (5, 50):
        for _ in range(size):
            ContactFactory(organisation=network["ville"], territories=[network["vandoeuvre"]])
        with django_assert_max_num_queries(18):
            content(client.get(export_url("contact", "csv")))


@pytest.mark.django_db
def test_the_admin_list_offers_exports_of_the_current_filter(client_as, network):
    html = client_as("coordinator").get("/admin/experiences/contact/?q=atain").content.decode()
    assert 'href="/admin/reseau/contact/export/xlsx/?q=atain"' in html
    assert 'href="/admin/reseau/contact/import/"' in html


# Typed cells -------------------------------------------------------------------------------


def _organisations_xlsx(client):
    return content(client.get(export_url("organisation", "xlsx", "?q=chapelle")))


@pytest.mark.django_db
def test_organisations_xlsx_has_numbers_dates_a_frozen_header_and_a_filter(client_as, network):
    Organisation.objects.filter(pk=network["chapelle_org"].pk).update(
        updated_at=datetime.datetime(2026, 1, 15, 8, 5, tzinfo=datetime.UTC)
    )
    sheet = load_workbook(io.BytesIO(_organisations_xlsx(client_as("coordinator")))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert (row["Latitude"].value, row["Latitude"].data_type) == (48.31222, "n")
    assert (row["Longitude"].value, row["Longitude"].data_type) == (4.04444, "n")
    updated = row["Dernière mise à jour"]
    assert updated.is_date and updated.number_format == "dd/mm/yyyy hh:mm"
    assert updated.value == datetime.datetime(2026, 1, 15, 9, 5)  # Paris time, winter
    assert row["Nom"].value == "Ville de La Chapelle-Saint-Luc" and row["Nom"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}2"
    assert sheet.column_dimensions["A"].width > len("Ville de La Chapelle-Saint-Luc")


@pytest.mark.django_db
def test_contacts_xlsx_keeps_phones_as_text(client_as, network):
    ContactFactory(
        first_name="Zoé",
        last_name="Zéro",
        phone="0383000000",
        email="zoe.zero@example.org",
        organisation=network["ville"],
    )
    sheet = load_workbook(
        io.BytesIO(content(client_as("coordinator").get(export_url("contact", "xlsx", "?q=zero"))))
    ).active
    header = [cell.value for cell in sheet[1]]
    phone = sheet.cell(2, header.index("Téléphone") + 1)
    assert (phone.value, phone.data_type) == ("0383000000", "s")
    assert sheet.cell(2, header.index("Dernière mise à jour") + 1).is_date


@pytest.mark.django_db
def test_organisations_csv_and_json_are_typed(client_as, network):
    Organisation.objects.filter(pk=network["chapelle_org"].pk).update(
        updated_at=datetime.datetime(2026, 7, 1, 6, 0, tzinfo=datetime.UTC)
    )
    client = client_as("coordinator")
    text = content(client.get(export_url("organisation", "csv", "?q=chapelle"))).decode("utf-8")
    header, row = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    values = dict(zip(header, row, strict=True))
    assert (values["Latitude"], values["Longitude"]) == ("48,31222", "4,04444")
    assert values["Dernière mise à jour"] == "01/07/2026 08:00"  # as the widget wrote it
    data = json.loads(content(client.get(export_url("organisation", "json", "?q=chapelle"))))
    assert (data[0]["Latitude"], data[0]["Longitude"]) == (48.31222, 4.04444)
    assert data[0]["Dernière mise à jour"] == "2026-07-01T08:00:00+02:00"
    assert data[0]["Visible par les partenaires"] == "oui"


@pytest.mark.django_db
def test_libreoffice_reads_the_organisations_export_as_typed(client_as, network, tmp_path):
    Organisation.objects.filter(pk=network["chapelle_org"].pk).update(
        updated_at=datetime.datetime(2026, 1, 15, 8, 5, tzinfo=datetime.UTC)
    )
    header, row = shown_rows(_organisations_xlsx(client_as("coordinator")), tmp_path)
    values = dict(zip(header, row, strict=True))
    assert (values["Latitude"], values["Longitude"]) == ("48,31222", "4,04444")
    assert values["Dernière mise à jour"] == "15/01/2026 09:05"
    assert values["Nom"] == "Ville de La Chapelle-Saint-Luc"
