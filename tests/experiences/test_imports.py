"""Coordinators' imports: what offices produce is read, previewed, then written all or none."""

import html as html_lib
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

import pytest
from openpyxl import Workbook

from experiences.models import Contact, ImportRun, Organisation

IMPORT_URL = "/admin/reseau/{model}/import/"

GOOD_CONTACTS = (
    "Prénom;Nom;Fonction;Organisation;Courriel;Téléphone;Thématiques;Visible par les partenaires\n"
    "Olivia;Brulefert;;Ville de La Chapelle-Saint-Luc;olivia.brulefert@example.org;;Isolement;oui\n"
    "Anita;Nobili;;Ville de La Chapelle-Saint-Luc;Anita.Nobili@example.org;+33 3 00 00 00 02;"
    "Isolement;non\n"
    ";;;;;;;\n"
    "\n"
)


def upload(client, content, name="contacts.csv", model="contact", **data):
    """Post a file; the preview job runs (immediate backend) and its page is returned."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    file = SimpleUploadedFile(name, content)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(IMPORT_URL.format(model=model), {"file": file, **data})
    if response.status_code == 302 and re.match(
        r"^/admin/reseau/\w+/import/[0-9a-f-]{36}/$", response.url
    ):
        return client.get(response.url)
    return response


def confirm_url(preview):
    return re.search(r'action="([^"]+/confirmer/)"', preview.content.decode()).group(1)


def confirm(client, preview, url=None):
    """Press « Confirmer »: the confirmation job runs; the import's page is returned."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url or confirm_url(preview))
    if response.status_code == 302:
        return client.get(response.url)
    return response


def text_of(response):
    return html_lib.unescape(response.content.decode())


def counts(response):
    html = text_of(response)
    return {key: int(value) for key, value in re.findall(r'data-count="(\w+)">(\d+)<', html)}


@pytest.fixture
def coordinator_client(client_as, network):
    return client_as("coordinator")


@pytest.mark.django_db
def test_preview_writes_nothing_then_confirm_writes_every_row(coordinator_client):
    before = Contact.objects.count()
    preview = upload(coordinator_client, "\ufeff" + GOOD_CONTACTS)
    assert preview.status_code == 200
    assert counts(preview) == {"new": 2, "update": 0, "skip": 0, "invalid": 0}
    assert Contact.objects.count() == before

    response = confirm(coordinator_client, preview)
    assert response.status_code == 200
    assert "Import de « contacts.csv » terminé : 2 ajouts," in " ".join(text_of(response).split())
    assert Contact.objects.count() == before + 2
    anita = Contact.objects.get(email="anita.nobili@example.org")
    assert anita.organisation.name == "Ville de La Chapelle-Saint-Luc"
    assert [t.slug for t in anita.themes.all()] == ["isolement"]
    assert anita.visible_to_partners is False
    assert anita.phone == "+33 3 00 00 00 02"
    assert anita.source.startswith("Import du ") and "contacts.csv" in anita.source


@pytest.mark.django_db
def test_reimporting_the_same_file_updates_the_same_records(coordinator_client):
    confirm(coordinator_client, upload(coordinator_client, GOOD_CONTACTS))
    count = Contact.objects.count()
    again = upload(coordinator_client, GOOD_CONTACTS)
    assert counts(again) == {"new": 0, "update": 0, "skip": 2, "invalid": 0}
    changed = GOOD_CONTACTS.replace("Olivia;Brulefert;;", "Olivia;Brulefert;Cheffe de projet;")
    preview = upload(coordinator_client, changed)
    assert counts(preview) == {"new": 0, "update": 1, "skip": 1, "invalid": 0}
    confirm(coordinator_client, preview)
    assert Contact.objects.count() == count
    assert Contact.objects.get(email="olivia.brulefert@example.org").job_title == (
        "Cheffe de projet"
    )


@pytest.mark.django_db
def test_windows_1252_comma_separated_unaccented_headers_are_read(coordinator_client):
    text = (
        "PRENOM,nom,Structure,E-mail,Themes\r\n"
        "Jérôme,Martin,Ville de Vandœuvre-lès-Nancy,jerome.martin@example.org,TFPB\r\n"
        ",,,,\r\n"
    )
    preview = upload(coordinator_client, text.replace("œ", "oe").encode("cp1252"))
    # "Vandoeuvre" does not match the organisation: the row is invalid, with the name quoted.
    assert counts(preview)["invalid"] == 1
    assert "organisation introuvable : « Ville de Vandoeuvre-lès-Nancy »" in text_of(preview)
    preview = upload(
        coordinator_client,
        text.replace("Ville de Vandœuvre-lès-Nancy", "Ville de La Chapelle-Saint-Luc").encode(
            "cp1252"
        ),
    )
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 0}
    confirm(coordinator_client, preview)
    assert Contact.objects.get(email="jerome.martin@example.org").first_name == "Jérôme"


@pytest.mark.django_db
def test_xlsx_files_are_read(coordinator_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Nom", "Courriel", "Organisation"])
    sheet.append(["Adrien", "Noirault", "adrien.noirault@example.org", None])
    sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(coordinator_client, buffer.getvalue(), name="contacts.xlsx")
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 0}
    confirm(coordinator_client, preview)
    assert Contact.objects.filter(last_name="Noirault").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "Le fichier est vide."),
        (b"\n;;;\n\n", "vide.csv", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "photo.csv", "fichier binaire"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "ancien.xls", "Excel 97-2003"),
        (b"PK\x03\x04 pas vraiment un classeur", "abime.xlsx", "illisible ou abîmé"),
        (
            "Nom;Ville;Téléphone\nMartin;Forbach;\n".encode(),
            "colonnes.csv",
            "Colonnes manquantes : Prénom, Courriel",
        ),
        ("Prénom;Nom;Courriel\n".encode(), "titres.csv", "aucune donnée"),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(
    coordinator_client, content, name, message
):
    before = Contact.objects.count()
    response = upload(coordinator_client, content, name=name)
    assert response.status_code == 400  # refused in the request, before any job
    html = text_of(response)
    assert message in html
    assert "data-confirm-import" not in html
    assert not ImportRun.objects.exists()
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_invalid_rows_are_listed_with_french_messages_and_block_the_import(coordinator_client):
    text = (
        "Prénom;Nom;Courriel;Organisation;Visible par les partenaires\n"
        "Carlo;D'Angelo;carlo.dangelo@example.org;;oui\n"
        "Jérôme;Martin;jerome.martin@;;oui\n"
        "Zoé;Fontier;;;oui\n"
        "Nicolas;Bachet;nicolas.bachet@example.org;Organisation inconnue;peut-être\n"
    )
    before = Contact.objects.count()
    preview = upload(coordinator_client, text)
    html = text_of(preview)
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 3}
    assert "Courriel : Saisissez une adresse électronique valide." in html
    assert "Le courriel est obligatoire" in html
    assert "« Organisation inconnue »" in html or "« peut-être »" in html
    assert "data-confirm-import" not in html
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_confirm_writes_nothing_if_a_row_became_invalid_since_the_preview(
    coordinator_client, network
):
    before = Contact.objects.count()
    preview = upload(coordinator_client, GOOD_CONTACTS)
    Organisation.objects.filter(name="Ville de La Chapelle-Saint-Luc").delete()
    response = confirm(coordinator_client, preview)
    assert response.status_code == 200
    assert "rien n'a été importé" in text_of(response)
    assert "En échec" in text_of(response)
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_organisations_import_reads_french_numbers_and_kind_labels(coordinator_client):
    text = (
        "Nom;Type;Territoire;Latitude;Longitude;Thématiques\n"
        "Communauté d'Agglomération Forbach Porte de France;Agglomération;;49,18848;6,89566;\n"
        "Ville de Vandœuvre-lès-Nancy;ville;Vandœuvre-lès-Nancy;48,65806;6,17306;TFPB\n"
    )
    preview = upload(coordinator_client, text, model="organisation")
    assert counts(preview) == {"new": 1, "update": 0, "skip": 1, "invalid": 0}
    confirm(coordinator_client, preview)
    forbach = Organisation.objects.get(name__startswith="Communauté d'Agglomération Forbach")
    assert (forbach.kind, str(forbach.latitude)) == ("agglomeration", "49.18848")


@pytest.mark.django_db
def test_organisations_far_from_france_are_invalid(coordinator_client):
    text = "Nom;Type;Latitude;Longitude\nVille inversée;ville;6,17;48,65\n"
    preview = upload(coordinator_client, text, model="organisation")
    assert counts(preview)["invalid"] == 1
    assert "loin de la France" in text_of(preview)
    assert not Organisation.objects.filter(name="Ville inversée").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["agent", "partner", "communication", "anonymous"])
def test_only_coordination_may_import(client_as, kind):
    client = client_as(kind)
    assert client.get(IMPORT_URL.format(model="contact")).status_code in (302, 403)
    response = upload(client, GOOD_CONTACTS)
    assert response.status_code in (302, 403)
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_another_coordinator_cannot_see_or_confirm_an_import(
    coordinator_client, client_as, make_user
):
    preview = upload(coordinator_client, GOOD_CONTACTS)
    url = confirm_url(preview)
    run_url = url.removesuffix("confirmer/")
    job = ImportRun.objects.get().preview_job
    coordinator_client.force_login(make_user("coordinator"))
    assert coordinator_client.get(run_url).status_code == 404
    assert coordinator_client.get(job.get_absolute_url()).status_code == 404
    response = confirm(coordinator_client, preview, url=url)
    assert response.status_code == 404
    assert not Contact.objects.filter(email="olivia.brulefert@example.org").exists()
    assert ImportRun.objects.get().confirm_job is None


@pytest.mark.django_db
def test_a_key_repeated_in_the_file_is_an_error_on_its_row(coordinator_client):
    text = (
        "Prénom;Nom;Courriel\n"
        "Olivia;Brulefert;olivia.brulefert@example.org\n"
        "Olivia;Brulefert;Olivia.Brulefert@example.org\n"
    )
    preview = upload(coordinator_client, text)
    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 1}
    assert "figure déjà plus haut dans le fichier" in text_of(preview)
    assert not Contact.objects.filter(last_name="Brulefert").exists()


@pytest.mark.django_db
def test_unconfirmed_imports_are_removed_once_expired(coordinator_client):
    import datetime

    from django.utils import timezone

    from experiences.import_jobs import remove_expired_runs

    upload(coordinator_client, GOOD_CONTACTS)
    assert ImportRun.objects.count() == 1
    assert remove_expired_runs() == 0
    later = timezone.now() + datetime.timedelta(days=2)
    assert remove_expired_runs(now=later) == 1
    assert not ImportRun.objects.exists()


def test_a_nul_byte_anywhere_is_refused_in_french(coordinator_client):
    text = GOOD_CONTACTS + ("Zoé;Martin;;Ville;zoe@example.org;;;oui\n" * 200) + "A\x00B;x;;;;;;\n"
    response = upload(coordinator_client, text)
    page = text_of(response)
    assert "contient un caractère invalide (octet nul)" in page
    assert re.search(r"La ligne \d+ contient un caractère invalide", page)
    assert not Contact.objects.filter(email__in=["zoe@example.org"]).exists()


def test_the_losing_side_of_a_concurrent_confirmation_reads_french(coordinator_client, monkeypatch):
    from django.db import IntegrityError
    from django.db.models import QuerySet

    preview = upload(coordinator_client, GOOD_CONTACTS)
    before = Contact.objects.count()

    def collide(self, *args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "contact_email"')

    monkeypatch.setattr(QuerySet, "bulk_create", collide)
    response = confirm(coordinator_client, preview)
    page = text_of(response)
    assert "enregistrée par un autre import au même moment" in page
    assert "duplicate key" not in page
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_an_update_replaces_themes_and_renews_confirmation_of_updated_rows_only(
    coordinator_client,
):
    import datetime

    from django.utils import timezone

    confirm(coordinator_client, upload(coordinator_client, GOOD_CONTACTS))
    long_ago = datetime.date(2025, 1, 1)
    Contact.objects.update(confirmed_on=long_ago)
    changed = GOOD_CONTACTS.replace(
        "Olivia;Brulefert;;Ville de La Chapelle-Saint-Luc;olivia.brulefert@example.org;;Isolement",
        "Olivia;Brulefert;Cheffe de projet;Ville de La Chapelle-Saint-Luc;"
        "olivia.brulefert@example.org;;TFPB",
    )
    preview = upload(coordinator_client, changed)
    assert counts(preview) == {"new": 0, "update": 1, "skip": 1, "invalid": 0}
    confirm(coordinator_client, preview)
    olivia = Contact.objects.get(email="olivia.brulefert@example.org")
    anita = Contact.objects.get(email="anita.nobili@example.org")
    assert olivia.job_title == "Cheffe de projet"
    assert [t.slug for t in olivia.themes.all()] == ["tfpb"]  # replaced, not added
    assert [t.slug for t in anita.themes.all()] == ["isolement"]  # untouched
    assert olivia.confirmed_on == anita.confirmed_on == timezone.localdate()
    untouched = Contact.objects.exclude(
        email__in=["olivia.brulefert@example.org", "anita.nobili@example.org"]
    )
    assert set(untouched.values_list("confirmed_on", flat=True)) <= {long_ago}
