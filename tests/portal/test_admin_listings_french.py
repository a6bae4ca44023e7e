"""The coordinators' listings speak French: no "un(e)", no "ce/cette", no "Pk", no "True"."""

import re

import pytest

from experiences.factories import ContactFactory, OrganisationFactory
from pages.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

#: Wagtail's French "un(e)", "nouveau(elle)", "ce(tte)", "sûr(e)", "(la)".
AWKWARD = re.compile(r"\w+\((?:e|tte|la|elle)\)")


@pytest.fixture
def event_and_admin(client_as, home_page):
    """An event under its index, and a superuser's client for the admin."""
    events = EventIndexPageFactory(parent=home_page)
    return events, EventPageFactory(parent=events), client_as("coordinator", is_superuser=True)


def test_network_screens_have_french_labels(client_as, home_page):
    organisation = OrganisationFactory(name="Ville de Bischheim", visible_to_partners=True)
    ContactFactory(organisation=organisation, visible_to_partners=False)
    client = client_as("coordinator")
    contacts = client.get("/admin/experiences/contact/").content.decode()
    assert "Ajouter un contact" in contacts
    assert "Non" in contacts and "icon-yes.svg" not in contacts and "icon-no.svg" not in contacts
    organisations = client.get("/admin/experiences/organisation/").content.decode()
    assert "Ajouter une organisation" in organisations and "Oui" in organisations
    pages = [
        client.get("/admin/experiences/contact/create/").content.decode(),
        client.get(f"/admin/experiences/organisation/delete/{organisation.pk}/").content.decode(),
        contacts,
        organisations,
    ]
    for html in pages:
        assert "un(e)" not in html and "ce/cette" not in html and "inconnu(e)" not in html
    assert "Voulez-vous vraiment supprimer « Ville de Bischheim »" in pages[1]


def test_date_filters_and_columns_of_the_responses_and_exports(client_as, home_page):
    client = client_as("coordinator")
    for url in ("/admin/surveys/surveyresponse/", "/admin/portal/exportlog/"):
        html = client.get(url).content.decode()
        assert "Any date" not in html and ">Pk<" not in html
    from portal.models import ExportLog

    ExportLog.objects.create(username="c", what="contacts", format="csv", row_count=1)
    html = client.get("/admin/portal/exportlog/").content.decode()
    assert "Toutes les dates" in html and "Les 7 derniers jours" in html


def test_wagtail_messages_around_our_labels_say_no_un_e(event_and_admin):
    """Wagtail's French builds "Ajouter un(e) séquence", "Créer un(e) nouveau(elle) page de
    journée", "Personne « … » créé(e)" around our labels: locale/fr overrides those messages."""
    events, event, client = event_and_admin
    pages = {
        "edit": client.get(f"/admin/pages/{event.pk}/edit/").content.decode(),
        "create": client.get(f"/admin/pages/add/pages/eventpage/{events.pk}/").content.decode(),
        "people": client.get("/admin/snippets/pages/person/").content.decode(),
    }
    created = client.post(
        "/admin/snippets/pages/person/add/",
        {"name": "Camille Exemple", "role": "", "organisation": ""},
        follow=True,
    )
    pages["created"] = created.content.decode()
    assert "« Camille Exemple » : création enregistrée" in pages["created"]
    pages["history"] = client.get(f"/admin/pages/{event.pk}/history/").content.decode()
    assert "Ajouter : séquence" in pages["edit"]
    assert "Ajouter : personne" in pages["people"]
    for name, html in pages.items():
        awkward = AWKWARD.findall(html)
        assert not awkward, (name, awkward)


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    """locale/fr's .mo is committed (no compile step at install): it must be the .po's."""
    import shutil
    import subprocess
    from pathlib import Path

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) absent")
    folder = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"
    subprocess.run([msgfmt, "-o", tmp_path / "django.mo", folder / "django.po"], check=True)
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), (
        "msgfmt -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po"
    )


def test_page_confirmations_ask_without_sur_e(event_and_admin, home_page):
    """Deleting, moving and unpublishing a page: Wagtail's « Êtes-vous sûr(e) » is overridden."""
    _events, event, client = event_and_admin
    pages = {
        "delete": client.get(f"/admin/pages/{event.pk}/delete/").content.decode(),
        "unpublish": client.get(f"/admin/pages/{event.pk}/unpublish/").content.decode(),
        "move": client.get(
            f"/admin/pages/{event.pk}/move/{home_page.pk}/confirm/"
        ).content.decode(),
    }
    assert "Voulez-vous vraiment supprimer cette page ?" in pages["delete"]
    assert "Voulez-vous vraiment dépublier cette page ?" in pages["unpublish"]
    assert "Voulez-vous vraiment déplacer cette page" in pages["move"]
    for name, html in pages.items():
        awkward = AWKWARD.findall(html)
        assert not awkward, (name, awkward)
