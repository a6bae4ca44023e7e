"""Build the demo site from ../shared/seeds: idempotent, safe to run at every ``make run``.

Each app contributes its part in a ``demo`` module with a ``load(stdout)`` function; they run in
the order below, each in its own transaction, so that a failure leaves no half-built section.
"""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo as portal_demo

DEMO_APPS = ["home", "pages", "registrations", "experiences", "surveys"]


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent) et crée un compte de démo par rôle."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Ne pas créer les comptes de démonstration.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autoriser les comptes de démonstration hors DEBUG (déconseillé).",
        )

    def handle(self, *args, no_accounts=False, allow_production=False, **options):
        with_accounts = not no_accounts
        if with_accounts and not settings.DEBUG and not allow_production:
            raise CommandError(
                "Les comptes de démonstration ont des mots de passe connus : ils ne sont créés "
                "qu'en développement (DEBUG). Utilisez --no-accounts ou --allow-production."
            )
        accounts = portal_demo.load(stdout=self.stdout, with_accounts=with_accounts)
        for app in DEMO_APPS:
            module_name = f"{app}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            importlib.import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        if accounts:
            self.stdout.write("")
            self.stdout.write(
                f"Comptes de démonstration (mot de passe : {portal_demo.DEMO_PASSWORD})"
            )
            for username, role, what, created in accounts:
                label = role or "superutilisateur"
                note = "" if created else " (déjà présent, mot de passe inchangé)"
                self.stdout.write(f"  {username:<14} {label:<16} {what}{note}")
