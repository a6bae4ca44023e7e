from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registrations"
    verbose_name = _("Inscriptions et présences")

    # Coordination reads registrations and attendance in the admin (read-only listings); they
    # are written only through the portal's forms.
    role_permissions = {
        "Coordination": ["registrations.view_registration", "registrations.view_attendance"],
    }
