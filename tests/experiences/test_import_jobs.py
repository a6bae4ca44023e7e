"""Imports through the task worker: the upload only queues, the worker previews and confirms."""

import os
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

import pytest

from experiences import importing
from experiences.models import Contact, ImportRun
from portal.models import Job

from .test_imports import GOOD_CONTACTS, counts, text_of

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
IMPORT_URL = "/admin/reseau/contact/import/"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "sqlite" in os.environ.get("DATABASE_URL", "sqlite"),
    reason="le worker de la base de données est exercé sur PostgreSQL (comme en CI)",
)
@override_settings(TASKS=DB_TASKS)
def test_preview_and_confirm_run_in_the_worker(client_as, network):
    client = client_as("coordinator")
    before = Contact.objects.count()
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("c.csv", GOOD_CONTACTS.encode())}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    # The request only stored the file and queued the preview: nothing was computed yet.
    assert run.preview == {}
    assert run.preview_job.status == Job.Status.PENDING
    waiting = client.get(response.url)
    assert "En attente" in text_of(waiting)
    assert "data-confirm-import" not in text_of(waiting)

    run_worker()
    preview = client.get(response.url)
    assert counts(preview) == {"new": 2, "update": 0, "skip": 0, "invalid": 0}
    assert Contact.objects.count() == before

    url = re.search(r'action="([^"]+/confirmer/)"', preview.content.decode()).group(1)
    assert client.post(url).status_code == 302
    run.refresh_from_db()
    assert run.confirm_job.status == Job.Status.PENDING
    assert Contact.objects.count() == before  # the request wrote nothing itself
    assert client.post(url).status_code == 302  # a second click queues no second job
    assert Job.objects.filter(kind="contact-import").count() == 1

    run_worker()
    done = client.get(response.url)
    assert "Import de « c.csv » terminé : 2 ajouts," in " ".join(text_of(done).split())
    assert Contact.objects.count() == before + 2
    anita = Contact.objects.get(email="anita.nobili@example.org")
    assert (anita.phone, anita.organisation.name) == (
        "+33 3 00 00 00 02",
        "Ville de La Chapelle-Saint-Luc",
    )
    run.refresh_from_db()
    assert run.confirm_job.status == Job.Status.SUCCEEDED
    assert bytes(run.content) == b""  # the file is not kept once imported


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_middle_of_the_confirmation_writes_nothing(
    client_as, network, monkeypatch
):
    """Outside any test transaction: only the import's own transaction protects the data."""

    client = client_as("coordinator")
    text = GOOD_CONTACTS.replace("Olivia;Brulefert;;", "Olivia;Brulefert;Cheffe;")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("c.csv", text.encode())})
    run = ImportRun.objects.get()
    assert counts(client.get(response.url))["new"] == 2
    before = sorted(Contact.objects.values_list("email", "job_title"))

    # The theme links are written after the contacts (bulk_create, or one INSERT … SELECT
    # unnest() on PostgreSQL): failing there is failing in the middle, on every database.
    original = importing.insert_links

    def fail_on_theme_rows(through, *args, **kwargs):
        if through is Contact.themes.through:
            raise RuntimeError("disque plein")
        return original(through, *args, **kwargs)

    monkeypatch.setattr(importing, "insert_links", fail_on_theme_rows)
    url = f"/admin/reseau/contact/import/{run.pk}/confirmer/"
    client.post(url)
    run.refresh_from_db()
    assert run.confirm_job.status == Job.Status.FAILED
    assert "Rien n'a été enregistré à moitié" in run.confirm_job.error
    assert sorted(Contact.objects.values_list("email", "job_title")) == before
    page = text_of(client.get(response.url))
    assert "En échec" in page
    assert "data-confirm-import" in page  # it may be confirmed again once the cause is fixed
