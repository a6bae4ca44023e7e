from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from experiences.import_jobs import remove_expired_runs
from experiences.retention import cutoff, purge


class Command(BaseCommand):
    help = (
        "RGPD : supprime les contacts ni mis à jour ni confirmés par un import depuis "
        "CONTACT_RETENTION_MONTHS mois (36 par défaut) ; ceux qui interviennent dans une "
        "expérience sont anonymisés. Efface aussi les imports déposés mais jamais confirmés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait supprimé ou anonymisé, sans rien modifier.",
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Durée de conservation en mois (défaut : {settings.CONTACT_RETENTION_MONTHS}).",
        )

    def handle(self, *args, dry_run=False, months=None, **options):
        if months is not None and months < 1:
            raise CommandError("La durée de conservation doit être d'au moins un mois.")
        limit = cutoff(months)
        deleted, anonymised = purge(months, dry_run=dry_run)
        prefix = "Simulation (rien n'a été modifié) : " if dry_run else ""
        verb_deleted = "seraient supprimés" if dry_run else "supprimés"
        verb_anonymised = "seraient anonymisés" if dry_run else "anonymisés"
        self.stdout.write(
            f"{prefix}contacts non mis à jour depuis le {limit:%d/%m/%Y} : "
            f"{deleted} {verb_deleted}, {anonymised} {verb_anonymised} "
            "(intervenants d'une expérience)."
        )
        if not dry_run:
            removed = remove_expired_runs()
            self.stdout.write(f"Imports déposés et jamais confirmés effacés : {removed}.")
