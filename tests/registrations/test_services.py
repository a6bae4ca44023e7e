"""« Direction ou service »: given when registering (without JavaScript), kept on the
registration as it was then, shown on the attendance sheet and counted on the dashboard."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from registrations.figures import participants_by_service
from registrations.models import Attendance, Registration
from registrations.services import register

pytestmark = pytest.mark.django_db


def post_register(client, session, **data):
    return client.post(
        reverse("registrations:register", args=[session.pk]),
        {"next": "/", **data},
    )


def test_the_module_page_form_has_an_optional_service_field(session, client_as):
    html = client_as("agent").get(session.module.url).content.decode()
    assert f'<label for="service-{session.pk}">Direction ou service (facultatif)</label>' in html
    assert f'id="service-{session.pk}" name="service"' in html


def test_registering_keeps_the_service_given_and_prefills_it_next_time(
    session, make_session, make_user, client
):
    agent = make_user("agent")
    client.force_login(agent)
    response = post_register(client, session, service="  Direction   de la culture ")
    assert response.status_code == 302
    assert Registration.objects.get(user=agent).service == "Direction de la culture"
    other = make_session(capacity=5)
    html = client.get(other.module.url).content.decode()
    field = f'id="service-{other.pk}" name="service" type="text" maxlength="150"'
    assert f'{field} value="Direction de la culture"' in html


def test_the_service_is_optional_and_a_too_long_one_is_refused(session, make_user, client):
    agent = make_user("agent")
    client.force_login(agent)
    refused = post_register(client, session, service="x" * 151)
    assert refused.status_code == 400
    assert "150 caractères" in refused.content.decode()
    assert not Registration.objects.exists()
    assert post_register(client, session).status_code == 302
    assert Registration.objects.get(user=agent).service == ""


def test_a_registration_keeps_the_service_of_its_time(session, make_session, make_user):
    agent = make_user("agent")
    first = register(agent, session.pk, service="DRH")
    register(agent, make_session(capacity=5).pk, service="Direction de la culture")
    first.refresh_from_db()
    assert first.service == "DRH"
    # Registered by someone else (a team's contact): the last service given is kept.
    assert register(agent, make_session(capacity=5).pk).service == "Direction de la culture"


def test_the_attendance_sheet_and_sign_sheet_show_the_service(session, make_user, client_as):
    register(make_user("agent"), session.pk, service="Médiathèques")
    client = client_as("coordinator")
    sheet = client.get(reverse("registrations:attendance", args=[session.pk])).content.decode()
    assert "Médiathèques" in sheet
    assert '<label for="walk-in-service">' in sheet
    response = client.post(
        reverse("registrations:walk_in", args=[session.pk]),
        {"name": "Camille Exemple", "service": "Direction des sports"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(walk_in=True).service == "Direction des sports"
    signing = client.get(reverse("registrations:sign_sheet", args=[session.pk])).content.decode()
    assert "Médiathèques" in signing and "Direction des sports" in signing


@pytest.fixture
def held_with_services(make_session, make_user):
    """Two past sessions: people with services (one changed service), one without, a walk-in."""
    now = timezone.now().replace(microsecond=0)
    early = make_session(start=now - datetime.timedelta(days=40), capacity=10)
    late = make_session(start=now - datetime.timedelta(days=10), capacity=10)
    people = [make_user("agent") for _ in range(4)]
    services = {
        (early, 0): "DRH",
        (late, 0): "Direction de la culture",  # moved: counted under the latest
        (early, 1): "drh",  # same service, another spelling
        (late, 2): "",
        (early, 3): "DRH",
    }
    for (session, index), service in services.items():
        Registration.objects.create(session=session, user=people[index], service=service)
        Attendance.objects.create(session=session, user=people[index], present=index != 3)
    Attendance.objects.create(
        session=late,
        name="Venue Sans Inscription",
        present=True,
        walk_in=True,
        service="Direction de la culture",
    )
    return people


def test_participants_are_counted_once_under_their_latest_service(season, held_with_services):
    rows = [(row.name, row.participants) for row in participants_by_service(season)]
    # people[0]: culture (latest); people[1]: DRH; people[2]: unknown; people[3] was absent;
    # the walk-in: culture.
    assert rows == [("Direction de la culture", 2), ("DRH", 1), ("Non renseigné", 1)]


def test_the_dashboard_shows_and_exports_participants_by_service(
    season, held_with_services, client_as, tmp_path
):
    client = client_as("coordinator")
    html = client.get(reverse("registrations:dashboard", args=[season.pk])).content.decode()
    assert '<th scope="row">Direction de la culture</th><td>2</td>' in html
    assert "<em>Non renseigné</em></th><td>1</td>" in html
    url = reverse("registrations:dashboard_services_export", args=[season.pk, "csv"])
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body), delimiter=";")) == [
        ["Direction ou service", "Participants", "Part des participants (%)"],
        ["Direction de la culture", "2", "50%"],
        ["DRH", "1", "25%"],
        ["Non renseigné", "1", "25%"],
    ]
    url = reverse("registrations:dashboard_services_export", args=[season.pk, "xlsx"])
    response = client.get(url)
    path = tmp_path / "services.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[2]] == ["Direction de la culture", 2, 0.5]
    assert sheet["C2"].number_format == "0.0%"


def test_participants_by_service_takes_one_query(
    season, make_session, make_user, django_assert_num_queries
):
    now = timezone.now()
    for number in range(5):
        session = make_session(start=now - datetime.timedelta(days=5 + number), capacity=10)
        for index in range(6):
            person = make_user("agent")
            Registration.objects.create(session=session, user=person, service=f"S{index}")
            Attendance.objects.create(session=session, user=person, present=True)
    with django_assert_num_queries(1):
        rows = participants_by_service(season)
    assert sum(row.participants for row in rows) == 30


def test_the_dashboard_query_count_is_flat(
    season, held_with_services, make_session, make_user, client_as, django_assert_max_num_queries
):
    client = client_as("coordinator")
    url = reverse("registrations:dashboard", args=[season.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    now = timezone.now()
    for number in range(4):
        session = make_session(start=now - datetime.timedelta(days=3 + number), capacity=10)
        for _ in range(5):
            person = make_user("agent")
            Registration.objects.create(session=session, user=person, service="Sports")
            Attendance.objects.create(session=session, user=person, present=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_pages_with_services_are_valid_html(
    season, make_session, held_with_services, client_as, tmp_path, settings
):
    from tests.portal.test_html_validity import vnu_errors

    settings.DEBUG = False
    start = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    session = make_session(start=start, end=start + datetime.timedelta(hours=2), capacity=5)
    register(held_with_services[0], session.pk, service="Direction de la culture")
    pages = {"module": client_as("agent").get(session.module.url)}
    coordination = client_as("coordinator")
    pages |= {
        "attendance": coordination.get(reverse("registrations:attendance", args=[session.pk])),
        "sign_sheet": coordination.get(reverse("registrations:sign_sheet", args=[session.pk])),
        "dashboard": coordination.get(reverse("registrations:dashboard", args=[season.pk])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    assert vnu_errors(tmp_path) == []
