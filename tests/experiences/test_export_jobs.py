"""Network exports above EXPORT_INLINE_MAX_ROWS rows: written by a job, same file as the request."""

import pytest

from experiences.factories import ContactFactory
from portal.models import ExportLog, Job
from tests.portal.test_export_jobs import body, parsed

from .test_exports import export_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("contact", ""),
        ("contact", "?visible_to_partners__exact=1&q=a"),
        ("organisation", "?q=ville"),
    ],
)
def test_a_big_network_export_is_the_file_the_request_would_send(
    settings, client_as, network, fmt, model, query, django_capture_on_commit_callbacks
):
    ContactFactory.create_batch(4, organisation=network["ville"])
    client = client_as("coordinator")
    inline = client.get(export_url(model, fmt, query))
    assert inline.status_code == 200
    expected = parsed(fmt, body(inline))
    rows = len(expected) - (fmt != "json")  # the header row is not counted
    settings.EXPORT_INLINE_MAX_ROWS = rows - 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(export_url(model, fmt, query))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert ExportLog.objects.count() == 2  # both logged
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.label.startswith("Export : ")
    assert job.label.endswith(f"du réseau ({fmt.upper()})")

    page = client.get(response.url).content.decode()
    assert "Télécharger le fichier" in page
    download = client.get(job.result_url)
    assert download.status_code == 200
    assert parsed(fmt, body(download)) == expected


def test_another_coordinator_cannot_download_it(
    settings, client_as, make_user, network, client, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(export_url("contact", "csv")).status_code == 302
    job = Job.objects.get()
    assert client.get(job.result_url).status_code == 200
    client.force_login(make_user("coordinator"))
    assert client.get(job.result_url).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404
