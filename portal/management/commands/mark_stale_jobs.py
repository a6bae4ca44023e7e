from django.core.management.base import BaseCommand

from portal.models import Job


class Command(BaseCommand):
    help = (
        "Marque « En échec » les tâches en cours dont le processus ne donne plus signe de vie "
        "depuis JOB_STALE_AFTER secondes (à planifier toutes les quelques minutes)."
    )

    def handle(self, *args, **options):
        count = Job.objects.mark_stale()
        self.stdout.write(f"{count} tâche(s) interrompue(s) marquée(s) en échec.")
