"""iCalendar (RFC 5545) files of sessions: times in Europe/Paris with the zone's VTIMEZONE."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from icalendar import Calendar, Event

PARIS = ZoneInfo(settings.TIME_ZONE)
PRODID = "-//Coopérer//Sessions de l'Atelier//FR"


def session_uid(session):
    return f"session-{session.pk}@cooperer"


def session_event(session, request=None):
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.start.astimezone(PARIS))
    event.add("dtend", session.end.astimezone(PARIS))
    summary = session.module.title
    if session.is_fictitious:
        summary += " (Exemple fictif)"
    event.add("summary", summary)
    location = ", ".join(part for part in (session.place, session.room) if part)
    if location:
        event.add("location", location)
    if request is not None and session.module.url:
        event.add("url", request.build_absolute_uri(session.module.url))
    return event


def sessions_calendar(sessions, request=None, name=None):
    """An .ics document (bytes) holding one event per session."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(session_event(session, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
