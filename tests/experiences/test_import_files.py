"""Files as offices make them, round trips of our own exports, and files made to hurt.

Real office files are written by LibreOffice headless (``soffice`` fixture) from a flat ODS or
a CSV that the test writes; each test asserts the exact values created or updated.
"""

import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

import pytest
from openpyxl import Workbook

from experiences.factories import ContactFactory
from experiences.models import Contact, ImportRun, Organisation

from .office_files import write_fods
from .test_imports import confirm, counts, text_of, upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def coordinator(client_as, network):
    return client_as("coordinator")


def export(client, model, fmt):
    response = client.get(f"/admin/reseau/{model}/export/{fmt}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def snapshot(model):
    """Every stored field of every record, M2M included (to prove nothing changed)."""
    rows = {}
    for obj in model.objects.prefetch_related("themes"):
        values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
        values["themes"] = sorted(t.pk for t in obj.themes.all())
        if model is Contact:
            values["territories"] = sorted(obj.territories.values_list("pk", flat=True))
        rows[obj.pk] = values
    return rows


# --- Files as offices make them ------------------------------------------------------------


@pytest.mark.django_db
def test_windows_1252_semicolons_crlf_trailing_semicolon_and_quoted_line_break(coordinator):
    text = (
        "Prénom;Nom;Fonction;Organisation;Courriel;Téléphone;\r\n"
        'Hélène;Lefèvre;"Chargée de mission\r\npolitique de la ville";'
        "Ville de La Chapelle-Saint-Luc;helene.lefevre@example.org;03 25 00 00 01;\r\n"
        ";;;;;;\r\n"
    )
    preview = upload(coordinator, text.encode("cp1252"))
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 0}
    confirm(coordinator, preview)
    helene = Contact.objects.get(email="helene.lefevre@example.org")
    assert (helene.first_name, helene.last_name) == ("Hélène", "Lefèvre")
    assert helene.job_title == "Chargée de mission\r\npolitique de la ville"
    assert helene.phone == "03 25 00 00 01"
    assert helene.organisation.name == "Ville de La Chapelle-Saint-Luc"
    assert helene.confirmed_on == timezone.localdate()


@pytest.mark.django_db
def test_utf8_bom_with_commas_and_header_synonyms(coordinator, network):
    text = (
        "\ufeffNOM,Prénom,Adresse mail,Tél.,Organisme,Commune,Thématique(s),Poste\n"
        "Martin,Jérôme,Jerome.Martin@example.org,0383000001,Ville de Vandœuvre-lès-Nancy,"
        '"Vandœuvre-lès-Nancy, La Chapelle-Saint-Luc",TFPB,Chef de projet\n'
    )
    preview = upload(coordinator, text)
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 0}
    assert "Colonnes ignorées" not in text_of(preview)
    confirm(coordinator, preview)
    jerome = Contact.objects.get(email="jerome.martin@example.org")
    assert (jerome.first_name, jerome.last_name, jerome.job_title) == (
        "Jérôme",
        "Martin",
        "Chef de projet",
    )
    assert jerome.phone == "0383000001"
    assert jerome.organisation == network["ville"]
    assert {t.name for t in jerome.territories.all()} == {
        "Vandœuvre-lès-Nancy",
        "La Chapelle-Saint-Luc",
    }
    assert [t.slug for t in jerome.themes.all()] == ["tfpb"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Courriel", "E-mail", "Mail", "Adresse mail", "COURRIEL", "e_mail", "Adresse e-mail"],
)
def test_email_header_synonyms(coordinator, header):
    preview = upload(coordinator, f"Prénom;Nom;{header}\nZoé;Fontier;zoe.fontier@example.org\n")
    assert counts(preview)["new"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_files_keep_number_formatted_phones_and_read_dates(
    coordinator, soffice, tmp_path, fmt
):
    from experiences.reading import read_rows

    source = write_fods(
        tmp_path / "contacts.fods",
        [
            ["Prénom", "Nom", "Courriel", "Téléphone", "Organisation", "Date"],
            [
                "Zoé",
                "Fontier",
                "zoe.fontier@example.org",
                ("phone", 387000000),
                "Ville de Vandœuvre-lès-Nancy",
                ("date", "2025-10-02"),
            ],
            ["Carlo", "D'Angelo", "carlo.dangelo@example.org", ("phone", 325000002), "", ""],
            ["Anne", "Durand", "anne.durand@example.org", 383000003, "", ""],
        ],
    )
    converted = soffice(source, fmt)
    rows = read_rows(converted.read_bytes(), converted.name)
    assert rows[1][3:] == ["03 87 00 00 00", "Ville de Vandœuvre-lès-Nancy", "02/10/2025"]

    preview = upload(coordinator, converted.read_bytes(), name=converted.name)
    assert counts(preview) == {"new": 3, "update": 0, "skip": 0, "invalid": 0}
    assert "Date" in text_of(preview)  # reported as an ignored column
    confirm(coordinator, preview)
    phones = dict(
        Contact.objects.filter(last_name__in=["Fontier", "D'Angelo", "Durand"]).values_list(
            "last_name", "phone"
        )
    )
    # A phone typed as a plain number lost its zero in the spreadsheet: it gets it back.
    assert phones == {
        "Fontier": "03 87 00 00 00",
        "D'Angelo": "03 25 00 00 02",
        "Durand": "0383000003",
    }


@pytest.mark.django_db
def test_formula_led_cells_keep_their_text_and_only_our_apostrophe_goes(coordinator, network):
    text = (
        "Prénom;Nom;Courriel;Fonction\n"
        "Ana;Sousa;ana.sousa@example.org;'- Référente familles\n"
        "Bob;Leroy;bob.leroy@example.org;'quote d'origine\n"
        "Cléo;Petit;cleo.petit@example.org;'=SOMME(A1:A3)\n"
    )
    confirm(coordinator, upload(coordinator, text))
    titles = dict(
        Contact.objects.filter(last_name__in=["Sousa", "Leroy", "Petit"]).values_list(
            "last_name", "job_title"
        )
    )
    assert titles == {
        "Sousa": "- Référente familles",
        "Leroy": "'quote d'origine",  # not an apostrophe our exports add: kept
        "Petit": "=SOMME(A1:A3)",
    }


@pytest.mark.django_db
def test_an_unknown_organisation_is_reported_or_created_on_request(coordinator):
    text = (
        "Prénom;Nom;Courriel;Structure\n"
        "Inès;Garnier;ines.garnier@example.org;Centre social des Provinces\n"
        "Paul;Roche;paul.roche@example.org;Ville de La Chapelle-Saint-Luc\n"
    )
    preview = upload(coordinator, text)
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 1}
    assert "organisation introuvable : « Centre social des Provinces »" in text_of(preview)

    preview = upload(coordinator, text, create_organisations="on")
    assert counts(preview) == {"new": 2, "update": 0, "skip": 0, "invalid": 0}
    assert "Centre social des Provinces" in text_of(preview)
    assert not Organisation.objects.filter(name="Centre social des Provinces").exists()
    confirm(coordinator, preview)
    created = Organisation.objects.get(name="Centre social des Provinces")
    assert (created.kind, created.address, created.territory) == ("autre", "", None)
    assert Contact.objects.get(email="ines.garnier@example.org").organisation == created


# --- Round trips: our exports re-imported unchanged ---------------------------------------


@pytest.fixture
def tricky_contacts(network, themes):
    ContactFactory(
        first_name="Anne",
        last_name="Neutre",
        job_title="- Référente familles",
        email="anne.neutre@example.org",
        phone="03 87 00 00 00",
        organisation=network["chapelle_org"],
        source="=saisie manuelle",
    ).territories.set([network["vandoeuvre"], network["chapelle"]])
    Contact.objects.update(confirmed_on=None)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["contact", "organisation"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reimport_is_identity(coordinator, tricky_contacts, model, fmt):
    Model = Contact if model == "contact" else Organisation
    before = snapshot(Model)
    content = export(coordinator, model, fmt)
    preview = upload(coordinator, content, name=f"export.{fmt}", model=model)
    assert counts(preview) == {"new": 0, "update": 0, "skip": len(before), "invalid": 0}
    assert "Colonnes ignorées" not in text_of(preview)  # the update date is export-only
    confirm(coordinator, preview)
    after = snapshot(Model)
    if model == "contact":
        # Confirming renews the retention date, without counting as a change.
        assert {values.pop("confirmed_on") for values in after.values()} == {timezone.localdate()}
        for values in before.values():
            values.pop("confirmed_on")
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["contact", "organisation"])
def test_export_resaved_by_libreoffice_reimports_unchanged(
    coordinator, tricky_contacts, soffice, tmp_path, model
):
    Model = Contact if model == "contact" else Organisation
    before = snapshot(Model)
    exported = tmp_path / f"export-{model}.xlsx"
    exported.write_bytes(export(coordinator, model, "xlsx"))
    for fmt in ("xlsx", "ods"):
        resaved = soffice(exported, fmt)
        preview = upload(coordinator, resaved.read_bytes(), name=resaved.name, model=model)
        assert counts(preview) == {"new": 0, "update": 0, "skip": len(before), "invalid": 0}
    csv_export = tmp_path / f"export-{model}.csv"
    csv_export.write_bytes(export(coordinator, model, "csv"))
    # UTF-8 (76), separator ";" (59), quote '"' (34)
    resaved = soffice(csv_export, "xlsx", infilter="CSV:59,34,76,1")
    preview = upload(coordinator, resaved.read_bytes(), name=resaved.name, model=model)
    assert counts(preview) == {"new": 0, "update": 0, "skip": len(before), "invalid": 0}


@pytest.mark.django_db
def test_csv_phones_keep_their_leading_zero_in_libreoffice_and_reimport_unchanged(
    coordinator, network, soffice, tmp_path
):
    from openpyxl import load_workbook

    for number, phone in enumerate(["0387000000", "03 87 00 00 01", "+33387000002"]):
        ContactFactory(
            first_name="Tél",
            last_name=f"Exemple {number}",
            email=f"tel.{number}@example.org",
            phone=phone,
            organisation=network["chapelle_org"],
        )
    before = snapshot(Contact)
    csv_export = tmp_path / "contacts.csv"
    csv_export.write_bytes(export(coordinator, "contact", "csv"))
    # Opened as a spreadsheet opens a CSV (";", '"', UTF-8), cells typed by LibreOffice itself.
    opened = soffice(csv_export, "xlsx", infilter="CSV:59,34,76,1")
    sheet = load_workbook(opened).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Téléphone")
    phones = {
        row[header.index("Courriel")].value: (row[column].value, row[column].data_type)
        for row in sheet.iter_rows(min_row=2)
        if row[header.index("Courriel")].value.startswith("tel.")
    }
    assert phones == {
        "tel.0@example.org": ("03 87 00 00 00", "s"),
        "tel.1@example.org": ("03 87 00 00 01", "s"),
        "tel.2@example.org": ("+33 3 87 00 00 02", "s"),
    }
    # The file, and LibreOffice's copy of it, come back unchanged: same phones as stored.
    for content, name in (
        (csv_export.read_bytes(), "contacts.csv"),
        (opened.read_bytes(), opened.name),
    ):
        preview = upload(coordinator, content, name=name, model="contact")
        assert counts(preview) == {"new": 0, "update": 0, "skip": len(before), "invalid": 0}
    confirm(coordinator, preview)
    assert dict(Contact.objects.filter(email__startswith="tel.").values_list("email", "phone")) == {
        "tel.0@example.org": "0387000000",
        "tel.1@example.org": "03 87 00 00 01",
        "tel.2@example.org": "+33387000002",
    }


@pytest.mark.django_db
def test_reimport_under_another_name_and_day_is_unchanged_but_renews_confirmation(coordinator):
    import datetime

    first = upload(coordinator, "Prénom;Nom;Courriel\nZoé;Fontier;zoe.fontier@example.org\n")
    confirm(coordinator, first)
    zoe = Contact.objects.get(email="zoe.fontier@example.org")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Contact.objects.filter(pk=zoe.pk).update(
        updated_at=long_ago, confirmed_on=long_ago.date(), source="Import du 01/01/2025 (a.csv)"
    )
    again = upload(
        coordinator,
        "Prénom;Nom;Courriel\nZoé;Fontier;zoe.fontier@example.org\n",
        name="autre-nom.csv",
    )
    assert counts(again) == {"new": 0, "update": 0, "skip": 1, "invalid": 0}
    confirm(coordinator, again)
    zoe.refresh_from_db()
    assert zoe.updated_at == long_ago  # not a change…
    assert zoe.source == "Import du 01/01/2025 (a.csv)"
    assert zoe.confirmed_on == timezone.localdate()  # …but its retention is renewed


@pytest.mark.django_db
def test_updated_rows_show_which_fields_change(coordinator, network):
    text = (
        "Prénom;Nom;Courriel;Fonction;Organisation\n"
        "Philippe;Atain-Kouadio;p.atain-kouadio@example.org;Directeur;"
        "Ville de La Chapelle-Saint-Luc\n"
    )
    preview = upload(coordinator, text)
    assert counts(preview)["update"] == 1
    html = " ".join(text_of(preview).split())
    assert "<strong>Fonction</strong> : <del>" in html and "<ins>Directeur</ins>" in html
    assert (
        "<strong>Organisation</strong> : <del>Ville de Vandœuvre-lès-Nancy</del> → "
        "<ins>Ville de La Chapelle-Saint-Luc</ins>" in html
    )


@pytest.mark.django_db
def test_many_updates_are_paginated(coordinator, network):
    rows = "".join(f"Prénom {i};Nom {i};personne{i}@example.org\n" for i in range(120))
    confirm(coordinator, upload(coordinator, "Prénom;Nom;Courriel\n" + rows))
    changed = "Prénom;Nom;Courriel\n" + rows.replace(";Nom ", ";Autre ")
    preview = upload(coordinator, changed)
    assert counts(preview)["update"] == 120
    html = text_of(preview)
    assert html.count('class="import-row import-row--update"') == 50
    assert "Page 1 sur 3" in html
    page3 = coordinator.get(preview.wsgi_request.path, {"page": 3})
    assert text_of(page3).count('class="import-row import-row--update"') == 20


# --- Files made to hurt: bounded readers ----------------------------------------------------

READER_SCRIPT = """
import os, resource, sys, time
import django
django.setup()
from experiences.reading import ImportFileError, read_rows
raw = open(sys.argv[1], "rb").read()
# 100 MB of memory beyond what the interpreter and Django already hold.
used = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (used + 100 * 1024 * 1024,) * 2)
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
try:
    rows = read_rows(raw, sys.argv[1])
except ImportFileError as error:
    print("REFUSED", error)
else:
    print("ROWS", len(rows), max(len(r) for r in rows))
"""


def read_limited(path):
    """Run the reader on ``path`` in a subprocess limited to +100 MB of memory."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", READER_SCRIPT, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def dimension_bomb(path):
    """A tiny XLSX whose sheet declares A1:XFD1048576 (16,384 columns × 1M rows)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Nom", "Courriel"])
    sheet.append(["Zoé", "Fontier", "zoe.fontier@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                end = text.index("/>", start) + 2
                data = (text[:start] + '<dimension ref="A1:XFD1048576"/>' + text[end:]).encode()
            bomb.writestr(item, data)
    return path


@pytest.mark.django_db
def test_a_dimension_bomb_is_read_from_its_real_cells(coordinator, tmp_path):
    bomb = dimension_bomb(tmp_path / "bombe.xlsx")
    assert bomb.stat().st_size < 10_000
    assert read_limited(bomb) == "ROWS 2 3"
    preview = upload(coordinator, bomb.read_bytes(), name="bombe.xlsx")
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 0}


@pytest.mark.django_db
def test_a_million_rows_are_refused_while_reading(coordinator, tmp_path):
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Prénom;Nom;Courriel\n")
        handle.writelines(f"a;b;p{i}@x.fr\n" for i in range(1_000_000))
    assert read_limited(path) == "REFUSED " + (
        "Le fichier a plus de 50\u202f000 lignes : découpez-le en fichiers de 50\u202f000 "
        "lignes au plus."
    )
    before = Contact.objects.count()
    preview = upload(coordinator, path.read_bytes(), name="million.csv")
    assert "plus de 50\u202f000 lignes" in text_of(preview)
    assert "En échec" in text_of(preview)
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_an_oversized_cell_is_refused_in_french(coordinator, tmp_path):
    path = tmp_path / "cellule.csv"
    path.write_text(
        "Prénom;Nom;Courriel\nZoé;" + "x" * 200_000 + ";zoe@example.org\n", encoding="utf-8"
    )
    assert read_limited(path).startswith(
        "REFUSED Une cellule de la ligne 2 dépasse 32767 caractères"
    )
    response = upload(coordinator, path.read_bytes(), name="cellule.csv")
    assert response.status_code == 400
    assert "dépasse 32767 caractères" in text_of(response)
    assert not Contact.objects.filter(email="zoe@example.org").exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (os.urandom(64) + b"\x00" * 64 + os.urandom(4096), "fichier binaire"),
        (b"", "Le fichier est vide."),
        (b"\r\n ; ;\r\n", "Le fichier est vide."),
    ],
)
def test_binary_and_empty_files_are_refused(coordinator, tmp_path, content, message):
    path = tmp_path / "fichier.csv"
    path.write_bytes(content)
    if content:
        assert read_limited(path).startswith("REFUSED") and message in read_limited(path)
    response = upload(coordinator, content, name="fichier.csv")
    assert response.status_code == 400
    assert message in text_of(response)
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_files_over_the_size_limit_are_refused_before_reading(coordinator, settings):
    big = b"Pr\xc3\xa9nom;Nom;Courriel\n" + b"a;b;c@example.org\n" * (21 * 1024 * 1024 // 18)
    response = upload(coordinator, big, name="gros.csv")
    assert response.status_code == 400
    assert "dépasse 20 Mo" in text_of(response)
    assert not ImportRun.objects.exists()


def test_number_formats_are_applied_like_the_spreadsheet():
    from experiences.reading import number_text

    assert number_text(387000000, "00 00 00 00 00") == "03 87 00 00 00"
    assert number_text(387000000, "00\\ 00\\ 00\\ 00\\ 00") == "03 87 00 00 00"
    assert number_text(8000, "00000") == "08000"
    assert number_text(48.65806, "0.00") == "48.65806"  # decimals keep their exact value
    assert number_text(1234567, "#,##0") == "1234567"
    assert number_text(42.0, "General") == "42"
    assert number_text(Decimal("48.650")) == "48.65"


def test_an_ods_repeating_empty_cells_a_million_times_is_read_from_its_cells(tmp_path):
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in ("Prénom", "Nom", "Courriel")
    )
    data = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in ("Zoé", "Fontier", "zoe.fontier@example.org")
    )
    empty = '<table:table-cell table:number-columns-repeated="16384"/>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        f"<table:table-row>{cells}{empty}</table:table-row>"
        f"<table:table-row>{data}{empty}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="1048574">{empty}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "repetitions.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    assert read_limited(path) == "ROWS 2 3"


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_unopened(coordinator, tmp_path):
    path = tmp_path / "bombe-zip.xlsx"
    source = zipfile.ZipFile(dimension_bomb(tmp_path / "petit.xlsx"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        # 40 MB of text in the shared strings (loaded at once by openpyxl), 40 KB zipped.
        bomb.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            + b"a" * 40_000_000
            + b"</t></si></sst>",
        )
    assert path.stat().st_size < 200_000
    assert "REFUSED Ce classeur est trop volumineux une fois décompressé" in read_limited(path)
    response = upload(coordinator, path.read_bytes(), name="bombe.xlsx")
    assert response.status_code == 400
    assert "trop volumineux une fois décompressé" in text_of(response)
    assert not ImportRun.objects.exists()
