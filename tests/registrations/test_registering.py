"""Registering, the waiting list, cancelling and the French refusals (nothing written)."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from registrations.models import Registration, RegistrationStatus
from registrations.services import Refused, cancel, register

pytestmark = pytest.mark.django_db


def post_register(client, session):
    return client.post(reverse("registrations:register", args=[session.pk]))


def test_an_agent_registers_from_the_module_page_without_javascript(module, session, client_as):
    client = client_as("agent")
    html = client.get(module.url).content.decode()
    assert "2 places restantes" in html
    assert f'action="{reverse("registrations:register", args=[session.pk])}"' in html
    response = client.post(
        reverse("registrations:register", args=[session.pk]), {"next": module.url}, follow=True
    )
    assert response.status_code == 200
    assert "vous êtes inscrit ou inscrite" in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED
    html = client.get(module.url).content.decode()
    assert "1 place restante" in html and "Vous êtes inscrit ou inscrite." in html


def test_registering_twice_is_refused_in_french_with_nothing_written(session, client_as):
    client = client_as("agent")
    post_register(client, session)
    response = post_register(client, session)
    assert response.status_code == 409
    assert "déjà inscrit" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_in_order(session, make_user):
    people = [make_user("agent") for _ in range(4)]
    rows = [register(person, session.pk) for person in people]
    assert [row.status for row in rows] == ["registered", "registered", "waiting", "waiting"]
    assert [row.rank for row in rows[2:]] == [1, 2]


def test_the_module_page_offers_the_waiting_list_when_full(module, session, make_user, client_as):
    for _ in range(2):
        register(make_user("agent"), session.pk)
    client = client_as("agent")
    assert "Rejoindre la liste d'attente" in client.get(module.url).content.decode()
    response = post_register(client, session)
    assert response.status_code == 302
    assert Registration.objects.get(user=client.user).status == "waiting"


def test_a_past_session_is_refused(make_session, client_as):
    past = make_session(start=timezone.now() - datetime.timedelta(days=1))
    response = post_register(client_as("agent"), past)
    assert response.status_code == 400
    assert "inscription fermée" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_partner_cannot_register_for_a_session_closed_to_partners(session, client_as):
    response = post_register(client_as("partner"), session)
    assert response.status_code == 403
    assert "pas ouverte à votre public" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_partner_registers_for_a_session_open_to_partners(make_session, client_as):
    open_session = make_session(open_to_partners=True)
    assert post_register(client_as("partner"), open_session).status_code == 302
    assert Registration.objects.count() == 1


def test_a_tailor_made_session_is_for_its_requesting_contact(make_session, make_user, client_as):
    contact = make_user("agent")
    tailor = make_session(
        is_tailor_made=True, requesting_team="Direction des sports", requesting_contact=contact
    )
    response = post_register(client_as("agent"), tailor)
    assert response.status_code == 403
    assert "sur-mesure" in response.content.decode()
    assert register(contact, tailor.pk).status == "registered"


def test_cancelling_promotes_the_first_waiting_and_emails_them(
    session, make_user, django_capture_on_commit_callbacks
):
    first, second, waiting_one, waiting_two = (make_user("agent") for _ in range(4))
    registration = register(first, session.pk)
    register(second, session.pk)
    register(waiting_one, session.pk)
    register(waiting_two, session.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first, registration.pk)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses[first.pk] == "cancelled"
    assert statuses[waiting_one.pk] == "registered"
    assert statuses[waiting_two.pk] == "waiting"
    assert [message.to for message in mail.outbox] == [[waiting_one.email]]
    assert "une place s'est libérée" in mail.outbox[0].body


def test_nobody_cancels_someone_elses_registration(session, make_user, client_as):
    owner = make_user("agent")
    registration = register(owner, session.pk)
    response = client_as("agent").post(reverse("registrations:cancel", args=[registration.pk]))
    assert response.status_code == 403
    assert "vos propres inscriptions" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_cancelling_after_the_deadline_is_refused(make_session, make_user):
    start = timezone.now() + datetime.timedelta(days=2)
    late = make_session(start=start, cancellation_deadline=start - datetime.timedelta(days=3))
    person = make_user("agent")
    registration = register(person, late.pk)
    with pytest.raises(Refused, match="délai d'annulation"):
        cancel(person, registration.pk)
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_my_registrations_lists_upcoming_and_cancels(module, session, client_as):
    client = client_as("agent")
    post_register(client, session)
    html = client.get(reverse("registrations:mine")).content.decode()
    assert "escape game de la coopération" in html and "Annuler mon inscription" in html
    registration = Registration.objects.get()
    response = client.post(reverse("registrations:cancel", args=[registration.pk]), follow=True)
    assert "Votre inscription est annulée." in response.content.decode()
    assert "Aucune inscription à venir" in response.content.decode()


def test_a_get_on_the_register_url_writes_nothing(session, client_as):
    response = client_as("agent").get(reverse("registrations:register", args=[session.pk]))
    assert response.status_code == 405
    assert not Registration.objects.exists()


@pytest.mark.parametrize("size", [2, 20])
def test_module_page_queries_stay_flat(
    module, make_session, make_user, client_as, django_assert_max_num_queries, size
):
    people = [make_user("agent") for _ in range(3)]
    for _ in range(size):
        session = make_session(capacity=10)
        for person in people:
            Registration.objects.create(session=session, user=person)
    client = client_as("agent")
    with django_assert_max_num_queries(30):
        assert client.get(module.url).status_code == 200


def test_an_editors_preview_shows_the_sessions_being_edited(module, session, coordinator):
    from django.test import RequestFactory

    from pages.models import ModuleSession

    start = timezone.now() + datetime.timedelta(days=40)
    module.sessions.add(
        ModuleSession(start=start, end=start + datetime.timedelta(hours=2), room="Salle Nouvelle")
    )
    request = RequestFactory().get("/")
    request.user = coordinator
    response = module.make_preview_request(original_request=request)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Salle Nouvelle" in html and "Salle Marianne" in html
    assert "S&#x27;inscrire" not in html and "S'inscrire</button>" not in html
