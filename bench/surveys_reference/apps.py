from django.apps import AppConfig


class SurveysReferenceConfig(AppConfig):
    """The wagtail.contrib.forms reference page of bench/surveys.py.

    Installed only by bench/surveys_settings.py: the product carries no migration for it.
    """

    name = "bench.surveys_reference"
    label = "surveys_reference"
    default_auto_field = "django.db.models.BigAutoField"
