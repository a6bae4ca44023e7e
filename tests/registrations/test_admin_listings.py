"""Coordination's read-only admin listings of registrations and attendance, and their exports."""

import csv
import io

from django.urls import reverse

import pytest

from portal.models import ExportLog
from registrations.models import Attendance, Registration, RegistrationStatus
from registrations.services import add_walk_in, save_attendance

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/admin/registrations/registration/"
ATTENDANCE = "/admin/registrations/attendance/"


@pytest.fixture
def records(make_session, make_user, coordinator):
    first = make_session(capacity=1, place="Centre administratif")
    second = make_session(capacity=5)
    alice = make_user("agent", first_name="Alice", last_name="Martin", email="alice@example.org")
    bruno = make_user("agent", first_name="Bruno", last_name="Petit", email="bruno@example.org")
    Registration.objects.create(session=first, user=alice)
    Registration.objects.create(
        session=first, user=bruno, status=RegistrationStatus.WAITING, rank=1
    )
    Registration.objects.create(session=second, user=bruno)
    save_attendance(coordinator, first, [alice.pk])
    add_walk_in(coordinator, first, "Chloé Durand", "")
    return first, second, alice, bruno


def stream(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_coordinators_list_and_filter_registrations_in_french(
    records, client, coordinator, django_assert_max_num_queries
):
    first, second, alice, bruno = records
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        html = client.get(REGISTRATIONS).content.decode()
    assert "Alice Martin" in html and "Bruno Petit" in html
    assert "en liste d&#x27;attente" in html
    assert ">All<" not in html and "Tout" in html and "Any date" not in html
    assert f'href="{REGISTRATIONS}create/"' not in html  # read-only: no add button
    waiting = client.get(REGISTRATIONS, {"etat": "waiting"}).content.decode()
    assert "Bruno Petit" in waiting and "Alice Martin" not in waiting
    by_session = client.get(REGISTRATIONS, {"session": second.pk}).content.decode()
    assert "Bruno Petit" in by_session and "Alice Martin" not in by_session


def test_the_registrations_listing_stays_flat(make_session, make_user, client, coordinator):
    """Same number of queries for 2 and for 20 rows."""
    client.force_login(coordinator)
    session = make_session(capacity=50)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(REGISTRATIONS).status_code == 200
        return len(queries)

    for _ in range(2):
        Registration.objects.create(session=session, user=make_user("agent"))
    count()  # warm the per-process caches (site, roles, menus)
    few = count()
    for _ in range(18):
        Registration.objects.create(session=session, user=make_user("agent"))
    assert count() == few


def test_attendance_listing_shows_walk_ins_and_absences(records, client, coordinator):
    client.force_login(coordinator)
    html = client.get(ATTENDANCE).content.decode()
    assert "Alice Martin" in html and "Chloé Durand" in html
    assert "Oui" in html and "icon-yes.svg" not in html
    absent = client.get(ATTENDANCE, {"presence": "non"}).content.decode()
    assert "Alice Martin" not in absent and "Chloé Durand" not in absent


def test_exports_follow_the_current_filter_and_are_logged(records, client, coordinator):
    first, second, alice, bruno = records
    client.force_login(coordinator)
    html = client.get(REGISTRATIONS, {"session": first.pk}).content.decode()
    url = reverse("registrations_export", args=["registration", "csv"]) + f"?session={first.pk}"
    assert url in html.replace("&amp;", "&")
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(stream(response)), delimiter=";"))
    assert rows[0][:3] == ["Personne", "Adresse électronique", "Module"]
    assert sorted(row[0] for row in rows[1:]) == ["Alice Martin", "Bruno Petit"]
    log = ExportLog.objects.get()
    assert log.what == "Inscriptions" and log.row_count == 2
    assert log.filters == {"session": str(first.pk)}
    response = client.get(reverse("registrations_export", args=["attendance", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize("kind", ["agent", "partner", "communication"])
def test_listings_and_exports_are_for_the_coordination(records, client_as, kind):
    client = client_as(kind)
    for url in (
        REGISTRATIONS,
        ATTENDANCE,
        reverse("registrations_export", args=["registration", "csv"]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert not ExportLog.objects.exists()


def test_nobody_edits_registrations_in_the_admin(records, client, coordinator):
    first, *_ = records
    client.force_login(coordinator)
    registration = Registration.objects.first()
    for url in (
        f"{REGISTRATIONS}create/",
        f"{REGISTRATIONS}edit/{registration.pk}/",
        f"{REGISTRATIONS}delete/{registration.pk}/",
        f"{ATTENDANCE}edit/{Attendance.objects.first().pk}/",
    ):
        assert client.post(url, {"status": "cancelled"}).status_code in (302, 403), url
    assert Registration.objects.filter(status="cancelled").count() == 0
    assert Registration.objects.count() == 3


def test_the_admin_menu_leads_coordinators_to_the_requests(client_as):
    requests_url = reverse("registrations:requests")
    assert requests_url in client_as("coordinator").get("/admin/").content.decode()
    client = client_as("communication")
    html = client.get("/admin/").content.decode()
    assert requests_url not in html and REGISTRATIONS not in html


def test_coordinators_see_and_filter_the_service_people_gave(records, client, coordinator):
    first, second, alice, bruno = records
    Registration.objects.filter(user=alice).update(service="Direction des sports")
    client.force_login(coordinator)
    html = client.get(REGISTRATIONS).content.decode()
    assert "Direction ou service" in html and "Direction des sports" in html
    sports = client.get(REGISTRATIONS, {"service": "Direction des sports"}).content.decode()
    assert "Alice Martin" in sports and "Bruno Petit" not in sports
    url = reverse("registrations_export", args=["registration", "csv"])
    rows = list(
        csv.reader(
            io.StringIO(stream(client.get(url, {"service": "Direction des sports"}))),
            delimiter=";",
        )
    )
    service = rows[0].index("Direction ou service")
    assert [(row[0], row[service]) for row in rows[1:]] == [
        ("Alice Martin", "Direction des sports")
    ]
