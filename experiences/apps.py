from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ("territory", "organisation", "contact")


class ExperiencesConfig(AppConfig):
    name = "experiences"
    verbose_name = _("Réseau territorial")
    default_auto_field = "django.db.models.BigAutoField"

    # Coordination manages the network's data (contacts are personal data: nobody else sees
    # them in the admin) and imports and exports it. Communication edits the experience pages
    # through its page-tree permissions (portal.roles).
    role_permissions = {
        "Coordination": [
            *(
                f"experiences.{action}_{model}"
                for model in _MODELS
                for action in ("view", "add", "change", "delete")
            ),
            "experiences.export_organisation",
            "experiences.import_organisation",
            "experiences.export_contact",
            "experiences.import_contact",
        ],
    }

    def ready(self):
        from . import signals  # noqa: F401  (network records bump the content version)
