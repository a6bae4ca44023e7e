from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Questionnaires")
    default_auto_field = "django.db.models.BigAutoField"

    # Coordination reads and deletes responses in the admin; exporting is checked by role at
    # the export views' door (portal.access.require_coordination).
    def ready(self):
        from django.db.models.signals import post_migrate

        from surveys.models.responses import count_untallied_surveys

        post_migrate.connect(count_untallied_surveys, sender=self)

    role_permissions = {
        "Coordination": [
            "surveys.view_surveyresponse",
            "surveys.delete_surveyresponse",
        ],
    }
