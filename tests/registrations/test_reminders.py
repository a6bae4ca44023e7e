"""Reminders and survey e-mails go to the right people, through the task worker."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from registrations.models import Attendance, Registration
from registrations.tasks import send_survey_invitations, send_survey_reminders
from surveys.factories import make_survey, survey_index
from surveys.models import Participation

pytestmark = pytest.mark.django_db


def test_the_day_before_reminder_goes_to_registered_people_once(make_session, make_user):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    session = make_session(start=tomorrow.replace(hour=9, minute=30))
    later = make_session(start=tomorrow + datetime.timedelta(days=5))
    coming, waiting, cancelled, other = (make_user("agent") for _ in range(4))
    Registration.objects.create(session=session, user=coming)
    Registration.objects.create(session=session, user=waiting, status="waiting", rank=1)
    Registration.objects.create(session=session, user=cancelled, status="cancelled")
    Registration.objects.create(session=later, user=other)
    call_command("send_session_reminders")
    assert [m.to for m in mail.outbox if "demain" in m.subject] == [[coming.email]]
    call_command("send_session_reminders")
    assert len([m for m in mail.outbox if "demain" in m.subject]) == 1


def test_attendees_get_the_survey_then_one_reminder_unless_they_answered(
    home_page, season, make_session, make_user
):
    ended = timezone.now() - datetime.timedelta(days=1, hours=3)
    session = make_session(start=ended)
    survey = make_survey(
        survey_index(home_page),
        title="Votre avis",
        evaluated_page=season,
        anonymous=True,
        questions=[{"kind": "single", "label": "Utile ?", "choices": "Oui\nNon"}],
    )
    came, answered, absent = (make_user("agent") for _ in range(3))
    Attendance.objects.create(session=session, user=came, present=True)
    Attendance.objects.create(session=session, user=answered, present=True)
    Attendance.objects.create(session=session, user=absent, present=False)

    send_survey_invitations.call()
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == sorted([came.email, answered.email])
    assert all(f"?seance={session.pk}" in m.body for m in mail.outbox)

    Participation.objects.create(survey=survey, user=answered)
    mail.outbox.clear()
    later = (timezone.now() + datetime.timedelta(days=4)).isoformat()
    send_survey_reminders.call(now=later)
    assert [m.to for m in mail.outbox] == [[came.email]]
    mail.outbox.clear()
    send_survey_reminders.call(now=later)
    assert mail.outbox == []
