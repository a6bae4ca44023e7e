from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SNIPPET_MODELS = ("person", "testimonial")


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages éditoriales")
    default_auto_field = "django.db.models.BigAutoField"

    # Communication manages the people and testimonials snippets in the admin (themes: taxonomy).
    role_permissions = {
        "Communication": [
            f"pages.{action}_{model}"
            for model in SNIPPET_MODELS
            for action in ("add", "change", "delete", "view")
        ],
    }
