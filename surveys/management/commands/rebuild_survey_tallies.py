from django.core.management.base import BaseCommand, CommandError

from surveys.models import SurveyPage
from surveys.models import responses as tallies


class Command(BaseCommand):
    help = "Recompte les décomptes des questionnaires à partir des réponses enregistrées."

    def add_arguments(self, parser):
        parser.add_argument("--survey", type=int, help="Identifiant d'un seul questionnaire.")

    def handle(self, *args, survey=None, **options):
        surveys = SurveyPage.objects.all()
        if survey is not None:
            surveys = surveys.filter(pk=survey)
            if not surveys.exists():
                raise CommandError(f"Aucun questionnaire n° {survey}.")
        for page in surveys:
            tallies.rebuild(page)
            self.stdout.write(f"Décomptes recalculés : « {page.title} ».")
