"""Validation of territories, organisations and contacts: French messages on the right field."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from experiences.factories import ContactFactory, OrganisationFactory
from experiences.models import Contact, Organisation, Territory


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("91", "6", "latitude", "La latitude doit être comprise entre −90 et 90."),
        ("-90.5", "6", "latitude", "La latitude doit être comprise entre −90 et 90."),
        ("48", "181", "longitude", "La longitude doit être comprise entre −180 et 180."),
        ("48", "-180.1", "longitude", "La longitude doit être comprise entre −180 et 180."),
    ],
)
def test_out_of_range_points_are_refused_on_the_field(latitude, longitude, field, message):
    organisation = Organisation(
        name="Ville test", kind="ville", latitude=Decimal(latitude), longitude=Decimal(longitude)
    )
    assert message in errors_of(organisation)[field]


@pytest.mark.django_db
def test_a_point_far_from_france_is_refused_with_a_hint():
    # Vandœuvre-lès-Nancy with latitude and longitude swapped.
    organisation = Organisation(
        name="Ville inversée", kind="ville", latitude=Decimal("6.17"), longitude=Decimal("48.65")
    )
    message = errors_of(organisation)["latitude"][0]
    assert "loin de la France" in message and "inversées" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("48.65806", "6.17306"), ("-21.1", "55.5"), ("16.25", "-61.55"), ("41.9", "8.7")],
)
def test_points_in_france_and_overseas_are_accepted(latitude, longitude):
    Territory(
        name="Commune", kind="commune", latitude=Decimal(latitude), longitude=Decimal(longitude)
    ).full_clean()


@pytest.mark.django_db
def test_latitude_without_longitude_is_refused():
    territory = Territory(name="Commune", kind="commune", latitude=Decimal("48.6"))
    assert "Indiquez la latitude et la longitude" in errors_of(territory)["longitude"][0]


@pytest.mark.django_db
def test_bad_email_gets_a_french_message():
    contact = Contact(first_name="Anita", last_name="Nobili", email="anita.nobili@")
    assert errors_of(contact)["email"] == ["Saisissez une adresse électronique valide."]


@pytest.mark.django_db
def test_email_is_unique_whatever_its_case():
    ContactFactory(email="olivia.brulefert@example.org")
    duplicate = Contact(
        first_name="Olivia", last_name="Brulefert", email="Olivia.Brulefert@Example.org"
    )
    assert "Un contact a déjà cette adresse électronique." in str(errors_of(duplicate))


@pytest.mark.django_db
def test_contact_clean_normalises_email_and_phone():
    contact = Contact(
        first_name="Jérôme",
        last_name="Martin",
        email="  Jerome.Martin@Example.org ",
        phone="+33  3 00  00 00 01",
    )
    contact.full_clean()
    assert (contact.email, contact.phone) == ("jerome.martin@example.org", "+33 3 00 00 00 01")


@pytest.mark.django_db
def test_organisation_names_are_unique():
    OrganisationFactory(name="Métropole du Grand Nancy")
    duplicate = Organisation(name="Métropole du Grand Nancy", kind="metropole")
    assert errors_of(duplicate)["name"] == ["Une organisation porte déjà ce nom."]


@pytest.mark.django_db
def test_admin_form_shows_the_field_error_in_french(client_as):
    client = client_as("coordinator")
    response = client.post(
        "/admin/experiences/organisation/create/",
        {"name": "Ville de Forbach", "kind": "ville", "latitude": "95", "longitude": "6.9"},
    )
    assert response.status_code == 200
    assert "La latitude doit être comprise entre −90 et 90." in response.content.decode()
    assert not Organisation.objects.filter(name="Ville de Forbach").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status"), [("coordinator", 200), ("communication", 403), ("superuser", 200)]
)
def test_contacts_are_managed_in_the_admin_by_coordination(client_as, kind, status):
    ContactFactory(last_name="Noirault", first_name="Adrien")
    response = client_as(kind).get("/admin/experiences/contact/")
    assert response.status_code in ({200} if status == 200 else {302, 403})
    if status == 200:
        assert "Noirault" in response.content.decode()
