"""Production start: hashed static files, media and documents served, the task backend switch."""

import io
import json

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import ReferenceIndex

import pytest
from PIL import Image as Picture

from tests.portal.test_settings import run_manage

PRODUCTION_ENV = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "127.0.0.1"}


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    """Regression: a vendored file referenced a source map that was not shipped."""
    result = run_manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path), **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    cluster = manifest["experiences/vendor/leaflet-markercluster/leaflet.markercluster.js"]
    assert cluster != "experiences/vendor/leaflet-markercluster/leaflet.markercluster.js"
    assert "sourceMappingURL" not in (tmp_path / cluster).read_text()
    assert manifest["portal/css/portal.css"].startswith("portal/css/portal.")
    assert (tmp_path / (manifest["portal/js/jobs.js"] + ".gz")).exists()  # compressed too


@pytest.mark.parametrize(
    ("value", "backend"),
    [("", "django_tasks_db.DatabaseBackend"), ("rq", "django_tasks_rq.RQBackend")],
)
def test_tasks_backend_switch(value, backend):
    script = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = run_manage("shell", "-c", script, TASKS_BACKEND=value, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


def test_unknown_tasks_backend_is_refused():
    result = run_manage("check", TASKS_BACKEND="celery", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "TASKS_BACKEND doit valoir « db » ou « rq »" in result.stderr


# --- uploaded files -------------------------------------------------------------------------


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    (tmp_path / "images").mkdir()
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "bilan.pdf").write_bytes(b"%PDF-1.4 secret")
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "contacts.csv").write_bytes(b"nom;courriel")
    return tmp_path


def _png():
    buffer = io.BytesIO()
    Picture.new("RGB", (40, 30), (31, 61, 122)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="photo.png")


@pytest.fixture
def image_on_page(media_root, home_page):
    """An uploaded image and its rendition, shown on a published page; returns a function that
    builds one (``partners=True`` for a page open to partners)."""
    from pages.factories import ContentPageFactory

    def _make(slug, *, partners=False, used=True):
        image = Image(title=slug)
        image.file.save(f"{slug}.png", _png())
        if used:
            page = ContentPageFactory(parent=home_page, slug=slug, visible_to_partners=partners)
            page.body = [("image", {"image": image, "alt_text": "Photo", "caption": ""})]
            page.save_revision().publish()
            ReferenceIndex.create_or_update_for_object(page)
        return image

    return _make


def test_media_images_are_served_to_signed_in_users(client, agent, image_on_page):
    image = image_on_page("photo")
    url = image.get_rendition("width-20").url
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert client.get("/media/images/absent.png").status_code == 404


def test_images_follow_the_pages_that_use_them(client, make_user, image_on_page):
    """The rule of documents, for images: an image on a partner-hidden page, or on no page,
    is refused to a partner (originals and renditions alike); image editors get every one."""
    hidden = image_on_page("interne")
    shared = image_on_page("partage", partners=True)
    unused = image_on_page("brouillon", used=False)
    urls = {
        name: (image.file.url, image.get_rendition("width-20").url)
        for name, image in {"hidden": hidden, "shared": shared, "unused": unused}.items()
    }
    client.force_login(make_user("partner"))
    for url in urls["shared"]:
        assert client.get(url).status_code == 200, url
    for url in urls["hidden"] + urls["unused"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Cette image n" in response.content.decode()
    client.force_login(make_user("agent"))
    assert client.get(urls["hidden"][1]).status_code == 200
    assert client.get(urls["unused"][1]).status_code == 403
    client.force_login(make_user("communication"))
    for name in urls:
        for url in urls[name]:
            assert client.get(url).status_code == 200, url
    client.force_login(make_user())  # no role: nothing
    assert client.get(urls["shared"][1]).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/bilan.pdf",
        "/media/imports/contacts.csv",
        "/media/images/../documents/bilan.pdf",
        "/media/../settings.py",
        "/media/images/..%5C..%5Csecret",
    ],
)
def test_media_serves_images_only(client, agent, media_root, path):
    client.force_login(agent)
    assert client.get(path).status_code == 404


def test_documents_are_served_through_wagtail_view(client, agent, media_root, home_page):
    from pages.factories import ContentPageFactory

    document = Document.objects.create(title="Bilan")
    document.file.save("bilan-saison.pdf", ContentFile(b"%PDF-1.4 bilan"))
    page = ContentPageFactory(parent=home_page, slug="bilan")
    page.body = [("document", {"document": document, "title": ""})]
    page.save_revision().publish()
    assert client.get(document.url).status_code == 302  # login first
    client.force_login(agent)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bilan"
    assert document.url.startswith("/documents/")
