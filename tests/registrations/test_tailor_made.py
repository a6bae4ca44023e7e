"""Tailor-made sessions: a request becomes a session; its contact registers colleagues."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from pages.models import ModuleSession
from registrations.models import Registration, TailorMadeRequest
from surveys.factories import make_survey, survey_index
from surveys.models import QuestionKind
from surveys.submission import save_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_survey(home_page):
    return make_survey(
        survey_index(home_page),
        title="Demander un atelier sur-mesure",
        audience="agents",
        anonymous=False,
        one_response_per_person=False,
        tailor_made_requests=True,
        questions=[
            {"kind": QuestionKind.SHORT_TEXT, "label": "Équipe, site ou groupe projet"},
            {"kind": QuestionKind.NUMBER, "label": "Nombre de participants envisagé"},
        ],
    )


@pytest.fixture
def make_request(request_survey, make_user):
    def _make(user=None, team="Direction des sports"):
        user = user or make_user("agent", first_name="Alice", last_name="Martin")
        team_q, number_q = request_survey.ordered_questions()
        response, _created = save_response(
            request_survey,
            user,
            [
                {"question_key": team_q.key, "text": team},
                {"question_key": number_q.key, "number": 12},
            ],
        )
        return response

    return _make


def session_data(page, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "module": page.pk,
        "day": day.isoformat(),
        "start_time": "09:30",
        "end_time": "11:30",
        "place": "Centre administratif",
        "room": "Salle 2",
        "capacity": "3",
        "requesting_team": "Direction des sports",
    }
    data.update(overrides)
    return data


def test_coordinators_see_requests_and_turn_one_into_a_session(
    module,
    make_request,
    client_as,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    request = make_request()
    for _ in range(10):
        make_request(team="Service des parcs")
    client = client_as("coordinator")
    # Flat in the number of requests: answers, questions and sessions in one query each.
    with django_assert_max_num_queries(14):
        html = client.get(reverse("registrations:requests")).content.decode()
    assert "Direction des sports" in html and "Nombre de participants envisagé" in html
    url = reverse("registrations:request_session", args=[request.pk])
    assert url in html
    form = client.get(url).content.decode()
    assert 'value="Direction des sports"' in form  # the team, taken from the request
    assert "coopération – Saison 3</option>" in form  # modules named with their season
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, session_data(module), follow=True)
    assert response.status_code == 200
    assert "La session sur-mesure du" in response.content.decode()
    session = ModuleSession.objects.get()
    # The person who asked is told, with the page where they register their colleagues.
    assert [message.to for message in mailoutbox] == [[request.user.email]]
    assert reverse("registrations:team", args=[session.pk]) in mailoutbox[0].body
    assert session.is_tailor_made and session.requesting_contact == request.user
    assert session.requesting_team == "Direction des sports" and session.capacity == 3
    assert timezone.localtime(session.start).hour == 9
    assert TailorMadeRequest.objects.get().response == request
    assert list(Registration.objects.values_list("user_id", "status")) == [
        (request.user.pk, "registered")
    ]
    # The module's revision holds the session: publishing the module again keeps it.
    module.refresh_from_db()
    module.get_latest_revision().publish()
    assert ModuleSession.objects.filter(pk=session.pk).exists()
    # The list now shows the session the request became, and no second button.
    html = client.get(reverse("registrations:requests")).content.decode()
    assert "Devenue la session" in html and url not in html
    # And the contact finds it on the module page, with the colleagues' link.
    client.force_login(request.user)
    html = client.get(module.url).content.decode()
    assert "Vous êtes inscrit ou inscrite." in html
    assert reverse("registrations:team", args=[session.pk]) in html


def test_a_request_becomes_one_session_only(module, make_request, client_as):
    request = make_request()
    client = client_as("coordinator")
    url = reverse("registrations:request_session", args=[request.pk])
    client.post(url, session_data(module))
    response = client.post(url, session_data(module))
    assert response.status_code == 409
    assert "déjà devenue une session" in response.content.decode()
    assert ModuleSession.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "L&#x27;heure de fin doit suivre l&#x27;heure de début."),
        ({"day": "2020-01-06"}, "La session doit avoir lieu dans le futur."),
        ({"capacity": "0"}, "Nombre de places"),
        ({"place": ""}, "Lieu"),
        ({"module": "999999"}, "Module"),
        ({"day": "demain"}, "Date"),
    ],
)
def test_bad_input_is_refused_in_french_with_nothing_written(
    module, make_request, client_as, overrides, message
):
    request = make_request()
    client = client_as("coordinator")
    url = reverse("registrations:request_session", args=[request.pk])
    response = client.post(url, session_data(module, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le formulaire contient" in html and message in html
    assert not ModuleSession.objects.exists()
    assert not Registration.objects.exists() and not TailorMadeRequest.objects.exists()


def test_a_module_with_unpublished_changes_is_refused(module, make_request, client_as):
    module.title = "Brouillon en cours"
    module.save_revision()
    request = make_request()
    response = client_as("coordinator").post(
        reverse("registrations:request_session", args=[request.pk]), session_data(module)
    )
    assert response.status_code == 409
    assert "modifications non publiées" in response.content.decode()
    assert not ModuleSession.objects.exists() and not TailorMadeRequest.objects.exists()


@pytest.mark.parametrize("kind", ["agent", "partner", "communication"])
def test_only_the_coordination_turns_requests_into_sessions(module, make_request, client_as, kind):
    request = make_request()
    client = client_as(kind)
    assert client.get(reverse("registrations:requests")).status_code == 403
    url = reverse("registrations:request_session", args=[request.pk])
    assert client.post(url, session_data(module)).status_code == 403
    assert not ModuleSession.objects.exists()


def test_answers_to_other_surveys_are_not_requests(home_page, module, make_user, client_as):
    survey = make_survey(
        survey_index(home_page),
        anonymous=False,
        questions=[{"kind": QuestionKind.SHORT_TEXT, "label": "Votre avis"}],
    )
    response, _ = save_response(
        survey, make_user("agent"), [{"question_key": survey.questions.get().key, "text": "x"}]
    )
    client = client_as("coordinator")
    url = reverse("registrations:request_session", args=[response.pk])
    assert client.post(url, session_data(module)).status_code == 404
    assert not ModuleSession.objects.exists()


# The requesting contact registers colleagues -------------------------------------------------


@pytest.fixture
def tailor(make_session, make_user):
    contact = make_user("agent", username="contact", email="contact@example.org")
    session = make_session(
        capacity=3,
        is_tailor_made=True,
        requesting_team="Direction des sports",
        requesting_contact=contact,
    )
    Registration.objects.create(session=session, user=contact)
    return session


def post_colleague(client, session, email):
    return client.post(reverse("registrations:team", args=[session.pk]), {"email": email})


def test_the_contact_registers_colleagues_up_to_capacity(tailor, make_user, client):
    colleagues = [
        make_user("agent", email=f"collegue{number}@example.org", first_name=f"Prénom{number}")
        for number in range(3)
    ]
    client.force_login(tailor.requesting_contact)
    page = client.get(reverse("registrations:team", args=[tailor.pk])).content.decode()
    assert "2 places restantes" in page and "Inscrire un ou une collègue" in page
    response = post_colleague(client, tailor, "COLLEGUE0@example.org")
    assert response.status_code == 302
    assert post_colleague(client, tailor, "collegue1@example.org").status_code == 302
    assert set(Registration.objects.registered().values_list("user_id", flat=True)) == {
        tailor.requesting_contact_id,
        colleagues[0].pk,
        colleagues[1].pk,
    }
    page = client.get(reverse("registrations:team", args=[tailor.pk])).content.decode()
    assert "3 personnes inscrites" in page and "La session est complète." in page
    # Full: the fourth person is refused, nothing written.
    response = post_colleague(client, tailor, "collegue2@example.org")
    assert response.status_code == 409
    assert "La session est complète" in response.content.decode()
    assert Registration.objects.count() == 3


@pytest.mark.parametrize(
    ("email", "status", "message"),
    [
        ("pas-une-adresse", 400, "adresse électronique valide"),
        ("inconnu@example.org", 400, "Aucun compte actif"),
        ("contact@example.org", 409, "déjà inscrit"),
        ("partenaire@example.org", 403, "pas ouverte à son public"),
    ],
)
def test_refused_colleagues_write_nothing(tailor, make_user, client, email, status, message):
    make_user("partner", email="partenaire@example.org")
    client.force_login(tailor.requesting_contact)
    response = post_colleague(client, tailor, email)
    assert response.status_code == status
    assert message in response.content.decode()
    assert Registration.objects.count() == 1


def test_only_the_contact_or_the_coordination_registers_the_team(tailor, make_user, client_as):
    make_user("agent", email="collegue@example.org")
    agent = client_as("agent")
    assert agent.get(reverse("registrations:team", args=[tailor.pk])).status_code == 403
    assert post_colleague(agent, tailor, "collegue@example.org").status_code == 403
    # Nor can the colleague register themself.
    response = agent.post(reverse("registrations:register", args=[tailor.pk]))
    assert response.status_code == 403 and "sur-mesure" in response.content.decode()
    assert Registration.objects.count() == 1
    coordinator = client_as("coordinator")
    assert post_colleague(coordinator, tailor, "collegue@example.org").status_code == 302
    assert Registration.objects.count() == 2


def test_an_open_session_has_no_team_page(session, client_as):
    client = client_as("coordinator")
    assert client.get(reverse("registrations:team", args=[session.pk])).status_code == 403


def test_a_past_tailor_made_session_is_closed_to_new_colleagues(make_session, make_user, client):
    contact = make_user("agent")
    make_user("agent", email="collegue@example.org")
    past = make_session(
        start=timezone.now() - datetime.timedelta(days=2),
        is_tailor_made=True,
        requesting_team="DRH",
        requesting_contact=contact,
    )
    client.force_login(contact)
    response = post_colleague(client, past, "collegue@example.org")
    assert response.status_code == 400 and "inscription fermée" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_request_form_cannot_be_anonymous(request_survey):
    from django.core.exceptions import ValidationError

    request_survey.anonymous = True
    with pytest.raises(ValidationError) as error:
        request_survey.clean()
    assert "ne peut pas être anonyme" in str(error.value)
