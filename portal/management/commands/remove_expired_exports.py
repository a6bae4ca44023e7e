from django.conf import settings
from django.core.management.base import BaseCommand

from portal.exports import remove_expired_exports


class Command(BaseCommand):
    help = (
        "Supprime les fichiers des exports écrits en tâche de fond depuis plus de "
        "EXPORT_FILE_TTL_HOURS heures (données personnelles ; à planifier avec mark_stale_jobs)."
    )

    def handle(self, *args, **options):
        count = remove_expired_exports()
        hours = settings.EXPORT_FILE_TTL_HOURS
        self.stdout.write(f"{count} fichier(s) d'export de plus de {hours} h supprimé(s).")
