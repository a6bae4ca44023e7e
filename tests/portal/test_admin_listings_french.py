"""The coordinators' listings speak French: no "un(e)", no "ce/cette", no "Pk", no "True"."""

import pytest

from experiences.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


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
