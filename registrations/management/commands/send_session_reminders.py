"""Queue the day's session e-mails (run daily by cron, see README): the day-before reminders,
the satisfaction survey to last days' attendees, and one reminder to those who did not answer."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations.tasks import (
    send_day_before_reminders,
    send_survey_invitations,
    send_survey_reminders,
)


class Command(BaseCommand):
    help = "Met en file les rappels de sessions et les envois du questionnaire de satisfaction."

    def handle(self, *args, **options):
        now = timezone.now().isoformat()
        for task in (send_day_before_reminders, send_survey_invitations, send_survey_reminders):
            result = task.enqueue(now=now)
            self.stdout.write(f"{task.name} : {result.id}")
