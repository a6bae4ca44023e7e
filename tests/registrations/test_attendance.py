"""Attendance sheets: who may keep them, present/absent, walk-ins, the printable sheet."""

from django.urls import reverse

import pytest

from pages.factories import ModuleFacilitatorFactory
from registrations.models import Attendance
from registrations.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(session, make_user):
    people = [
        make_user("agent", first_name="Ada", last_name="Lovelace"),
        make_user("agent", first_name="Alan", last_name="Turing"),
    ]
    for person in people:
        register(person, session.pk)
    return people


def test_a_coordinator_marks_present_and_absent(session, registered, client_as):
    client = client_as("coordinator")
    url = reverse("registrations:attendance", args=[session.pk])
    html = client.get(url).content.decode()
    assert "Ada Lovelace" in html and "Alan Turing" in html
    response = client.post(url, {"present": [str(registered[0].pk)]})
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("user_id", "present"))
    assert marks == {registered[0].pk: True, registered[1].pk: False}


def test_a_facilitator_with_an_account_keeps_the_sheet(
    module, session, registered, make_user, client
):
    facilitator = make_user("agent")
    ModuleFacilitatorFactory(page=module, person__name="Julie", person__user=facilitator)
    client.force_login(facilitator)
    url = reverse("registrations:attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"present": [str(registered[1].pk)]}).status_code == 302
    assert Attendance.objects.filter(present=True).count() == 1


def test_an_agent_may_not_mark_attendance(session, registered, client_as):
    url = reverse("registrations:attendance", args=[session.pk])
    client = client_as("agent")
    assert client.get(url).status_code == 403
    assert client.post(url, {"present": [str(registered[0].pk)]}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_walk_in_is_added_by_name_or_email_once(session, client_as):
    client = client_as("coordinator")
    url = reverse("registrations:walk_in", args=[session.pk])
    assert client.post(url, {"name": "Grace Hopper"}).status_code == 302
    assert client.post(url, {"email": "Margaret@Example.org"}).status_code == 302
    duplicate = client.post(url, {"name": "  grace   hopper "})
    assert duplicate.status_code == 409
    assert "déjà sur la feuille" in duplicate.content.decode()
    empty = client.post(url, {"name": "", "email": ""})
    assert empty.status_code == 400
    assert Attendance.objects.filter(walk_in=True, present=True).count() == 2


def test_a_person_not_registered_cannot_be_ticked(session, registered, make_user, client_as):
    stranger = make_user("agent")
    url = reverse("registrations:attendance", args=[session.pk])
    response = client_as("coordinator").post(url, {"present": [str(stranger.pk)]})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_the_sign_sheet_has_a_signature_column_and_print_styles(session, registered, client_as):
    response = client_as("coordinator").get(reverse("registrations:sign_sheet", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Signature" in html and "Ada Lovelace" in html
    assert "registrations/css/registrations.css" in html
