from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Thèmes")
    default_auto_field = "django.db.models.BigAutoField"

    # Communication manages the themes snippet in the admin.
    role_permissions = {
        "Communication": [
            f"taxonomy.{action}_theme" for action in ("add", "change", "delete", "view")
        ],
    }
