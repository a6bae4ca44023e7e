"""Every page of the demo site, as URLs: shared by the HTML validity and the reflow checks.

The live page tree (each page and its fixed sub-URLs), the portal's own views, and the states a
page takes that have their own markup: a filtered list, a second page of results, a form sent
back with errors.
"""

from urllib.parse import urlencode

# The portal's own views (not pages), readable by any signed-in reader.
PORTAL_VIEWS = [
    "/recherche/?q=coop%C3%A9ration",
    "/recherche/?q=coop%C3%A9ration&page=2",
    "/recherche/?q=",
    "/taches/",
    "/mot-de-passe/changer/",
    "/mot-de-passe/changer/termine/",
]
# Reached signed out.
SIGNED_OUT_VIEWS = [
    "/connexion/",
    "/mot-de-passe/oubli/",
    "/mot-de-passe/oubli/envoye/",
    "/mot-de-passe/nouveau/termine/",
]


def page_urls():
    """Every live page of the demo site and its fixed sub-URLs, in tree order."""
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
        urls.append(page.url)
        for route in getattr(page, "get_subpage_urls", lambda: [])():
            sub = str(route.pattern).lstrip("^").rstrip("$")
            if sub and "<" not in sub and "(" not in sub:
                urls.append(page.url + sub)
    return urls


def list_states():
    """Filtered lists and second pages of the demo's listing pages (their own titles and markup)."""
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
        if hasattr(page, "paginate"):  # editorial index pages (pages.models.base)
            urls += [page.url + "?period=passees", page.url + "?page=2"]
        elif page._meta.model_name in ("experienceindexpage", "networkmappage"):
            urls.append(page.url + "?" + urlencode({"q": "coopération"}))
    return urls


def demo_urls():
    """Everything a signed-in reader can open on the demo site."""
    return page_urls() + list_states() + PORTAL_VIEWS


def coordination_urls():
    """The coordination's own views on the demo site: each season's dashboard, the attendance,
    sign and team sheets of a past session and of an upcoming one, the tailor-made requests, the
    network's import forms and the jobs list (with ``demo_urls()``, which holds the surveys'
    results and reminder pages)."""
    from django.urls import reverse

    from pages.models import ModuleSession, SeasonPage

    urls = [reverse("registrations:requests")]
    for season in SeasonPage.objects.live().order_by("path"):
        urls.append(reverse("registrations:dashboard", args=[season.pk]))
    sessions = [
        ModuleSession.objects.filter(attendances__isnull=False).order_by("start").first(),
        ModuleSession.objects.upcoming().filter(registrations__isnull=False).first(),
    ]
    for session in filter(None, sessions):
        urls += [
            reverse("registrations:attendance", args=[session.pk]),
            reverse("registrations:sign_sheet", args=[session.pk]),
        ]
    tailor_made = ModuleSession.objects.filter(is_tailor_made=True).order_by("start").first()
    if tailor_made is not None:
        urls.append(reverse("registrations:team", args=[tailor_made.pk]))
    for model_name in ("organisation", "contact"):
        urls.append(reverse("experiences_import", args=[model_name]))
    return urls


def coordination_records(client):
    """Pages that exist once the coordination has done something, done through ``client`` (a
    Django test client signed in as the coordination): an import's preview and its job."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    export = client.get(reverse("experiences_export", args=["organisation", "csv"]))
    content = b"".join(export.streaming_content) if export.streaming else export.content
    response = client.post(
        reverse("experiences_import", args=["organisation"]),
        {"file": SimpleUploadedFile("organisations.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302, response.content[:500]
    from portal.models import Job

    job = Job.objects.filter(kind="organisation-import-preview").first()
    return [response["Location"], reverse("job_detail", args=[job.pk])]
