"""Big exports written by a job (portal/exports.py): redirect, file, owner-only download, expiry.

The rows come from a source defined here (any app's function, found by its dotted path); the
apps' own sources are tested with their exports (tests/experiences, tests/surveys).
"""

import csv
import io
import json
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from portal.exports import FORMATS, INTEGER, TEXT, Column, export_file_name, export_response
from portal.models import ExportLog, Job

pytestmark = pytest.mark.django_db

SOURCE = "tests.portal.test_export_jobs.sample_rows"
FAILING_SOURCE = "tests.portal.test_export_jobs.failing_rows"


def sample_rows(count, prefix):
    headers = [Column("N°", INTEGER), Column("Nom", TEXT)]
    return headers, ((index, f"{prefix} {index}") for index in range(1, count + 1))


def failing_rows(count):
    def rows():
        yield (1, "première ligne")
        raise RuntimeError("database gone")

    return [Column("N°", INTEGER), Column("Nom", TEXT)], rows()


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return b"".join(response)


def parsed(fmt, content):
    """The rows of an export file, header first, as a reader would compare them."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    if fmt == "json":
        return json.loads(content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(user, fmt, count, source=SOURCE, args=None):
    request = RequestFactory().get("/export/")
    request.user = user
    headers, rows = sample_rows(count, "Ligne")
    return export_response(
        request,
        fmt=fmt,
        what="Lignes d'essai",
        headers=headers,
        rows=rows,
        row_count=count,
        source=None if source is None else (source, [count, "Ligne"] if args is None else args),
    )


@pytest.fixture
def low_threshold(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    return settings


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_big_export_is_written_by_a_job_and_downloaded_by_its_owner(
    low_threshold, coordinator, client, fmt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = export(coordinator, fmt, 5)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == f"/taches/{job.pk}/"
    assert ExportLog.objects.get().row_count == 5  # logged as today
    assert job.label == f"Export : Lignes d'essai ({fmt.upper()})"
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (5, 5)

    client.force_login(coordinator)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Télécharger le fichier" in page
    assert f'href="/taches/{job.pk}/fichier/"' in page
    state = client.get(f"/taches/{job.pk}/etat.json").json()  # what the page's script shows
    assert state["result_url"] == f"/taches/{job.pk}/fichier/"
    assert "Télécharger le fichier" in state["html"]

    download = client.get(f"/taches/{job.pk}/fichier/")
    assert download.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in download["Cache-Control"].split(",")
    }
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["Content-Disposition"].endswith(f'.{fmt}"')
    assert download["Content-Type"] == FORMATS[fmt]
    inline = export(coordinator, fmt, 5, source=None)  # what the request would have sent
    assert parsed(fmt, body(download)) == parsed(fmt, body(inline))


def test_at_the_threshold_the_export_is_sent_by_the_request(low_threshold, coordinator):
    response = export(coordinator, "csv", 3)
    assert response.status_code == 200
    assert parsed("csv", body(response))[-1] == ["3", "Ligne 3"]
    assert not Job.objects.exists()


def test_only_the_owner_downloads_the_file(
    low_threshold, make_user, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "csv", 5)
    url = f"/taches/{Job.objects.get().pk}/fichier/"
    for kind in ("coordinator", "agent", "superuser"):
        other = Client()
        other.force_login(make_user(kind))
        assert other.get(url).status_code == 404, kind
    # A superuser sees every job's page, but no link to a file that is not theirs.
    page = other.get(f"/taches/{Job.objects.get().pk}/")
    assert page.status_code == 200
    assert "Télécharger le fichier" not in page.content.decode()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/connexion/")


def test_the_file_is_never_served_by_media(
    low_threshold, coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "csv", 5)
    name = export_file_name(Job.objects.get())
    assert default_storage.exists(name)
    client.force_login(coordinator)  # even its owner
    assert client.get(f"/media/{name}").status_code in (403, 404)
    assert client.get(default_storage.url(name)).status_code in (403, 404)


def test_a_failure_while_writing_leaves_no_file(
    low_threshold, coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "xlsx", 5, source=FAILING_SOURCE, args=[5])
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.result_url == ""
    assert "La tâche a échoué" in job.error
    assert not default_storage.exists(export_file_name(job))
    client.force_login(coordinator)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "En échec" in page
    assert "Télécharger le fichier" not in page
    assert client.get(f"/taches/{job.pk}/fichier/").status_code == 404


def test_files_expire(low_threshold, coordinator, client, django_capture_on_commit_callbacks):
    low_threshold.EXPORT_FILE_TTL_HOURS = 24
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "csv", 5)
        export(coordinator, "json", 5)
    old, recent = Job.objects.order_by("created_at")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    call_command("remove_expired_exports", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.result_url == ""
    assert not default_storage.exists(export_file_name(old))
    assert default_storage.exists(export_file_name(recent))
    client.force_login(coordinator)
    assert client.get(f"/taches/{old.pk}/fichier/").status_code == 404
    page = client.get(old.get_absolute_url()).content.decode()
    assert "Télécharger le fichier" not in page
    assert "supprimé le" in page
    assert client.get(f"/taches/{recent.pk}/fichier/").status_code == 200


def test_an_expired_file_is_refused_even_before_the_maintenance_runs(
    low_threshold, coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "csv", 5)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=25))
    client.force_login(coordinator)
    assert client.get(f"/taches/{job.pk}/fichier/").status_code == 404
    assert not default_storage.exists(export_file_name(job))


def test_a_storage_failure_is_said_in_french_and_leaves_no_file(
    low_threshold, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def full_disk(name, content, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)
    with django_capture_on_commit_callbacks(execute=True):
        export(coordinator, "csv", 5)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Le fichier de l'export n'a pas pu être enregistré")
    assert not default_storage.exists(export_file_name(job))
