"""Computed season figures, the coordinators' dashboard and its export, calendars."""

import datetime

from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from registrations.figures import compute_season_figures
from registrations.models import Attendance, CalendarFeed
from registrations.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(make_session, make_user):
    past = timezone.now() - datetime.timedelta(days=30)
    sessions = [make_session(start=past, capacity=4) for _ in range(2)]
    sessions.append(
        make_session(start=past, capacity=4, is_tailor_made=True, requesting_team="DRH")
    )
    people = [make_user("agent") for _ in range(3)]
    for session in sessions:
        for person in people[:2]:
            Attendance.objects.create(session=session, user=person, present=True)
        Attendance.objects.create(session=session, user=people[2], present=False)
    Attendance.objects.create(
        session=sessions[0], email="venu@example.org", present=True, walk_in=True
    )
    return sessions


def test_figures_come_from_the_records(season, held):
    figures = compute_season_figures(season)
    assert (
        figures.sessions_held,
        figures.tailor_made,
        figures.modules_with_sessions,
        figures.participations,
        figures.unique_participants,
    ) == (3, 1, 1, 7, 3)
    assert figures.useful_share is None  # no survey: « — »


def test_upcoming_sessions_are_not_counted_as_held(season, session):
    assert compute_season_figures(season).sessions_held is None


def test_the_dashboard_is_for_coordinators_and_exports(season, held, client_as):
    url = reverse("registrations:dashboard", args=[season.pk])
    assert client_as("agent").get(url).status_code == 403
    client = client_as("coordinator")
    html = client.get(url).content.decode()
    assert "Remplissage par module" in html
    assert "Taux d&#x27;absence" in html or "Taux d'absence" in html
    response = client.get(reverse("registrations:dashboard_export", args=[season.pk, "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Module")
    assert len(lines) == 4
    xlsx = client.get(reverse("registrations:dashboard_export", args=[season.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert (
        client.get(reverse("registrations:dashboard_export", args=[season.pk, "pdf"])).status_code
        == 404
    )


def test_a_session_ics_parses_back_in_paris_time(session, client_as):
    response = client_as("agent").get(reverse("registrations:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == session.start.replace(microsecond=0)
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Paris"
    assert "Salle Marianne" in str(event["location"])


def test_the_private_feed_lists_my_registrations_and_can_be_revoked(session, client_as, client):
    agent_client = client_as("agent")
    register(agent_client.user, session.pk)
    agent_client.post(reverse("registrations:feed_reset"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=agent_client.user).token
    agent_client.logout()
    url = reverse("registrations:feed", args=[token])
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    assert len(calendar.walk("VEVENT")) == 1
    client.force_login(session.registrations.get().user)
    client.post(reverse("registrations:feed_reset"), {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


def test_the_season_feed_holds_its_open_sessions(season, session, make_session, client_as):
    make_session(is_tailor_made=True, requesting_team="DRH")
    response = client_as("agent").get(reverse("registrations:season_ics", args=[season.pk]))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert len(calendar.walk("VEVENT")) == 1
