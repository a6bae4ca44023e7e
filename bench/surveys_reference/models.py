"""A minimal wagtail.contrib.forms form page: the reference bench/surveys.py measures against.

Only installed by bench/surveys_settings.py, so the product has no migration for it.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField


class BenchFormField(AbstractFormField):
    page = ParentalKey("BenchFormPage", on_delete=models.CASCADE, related_name="form_fields")


class BenchFormPage(AbstractEmailForm):
    template = "surveys/survey_thanks.html"
    landing_page_template = "surveys/survey_thanks.html"
