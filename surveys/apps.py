from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Questionnaires")
    default_auto_field = "django.db.models.BigAutoField"

    # Coordination reads and deletes responses in the admin; exporting is checked by role at
    # the export views' door (portal.access.require_coordination).
    role_permissions = {
        "Coordination": [
            "surveys.view_surveyresponse",
            "surveys.delete_surveyresponse",
        ],
    }
