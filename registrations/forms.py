"""The small forms of registering: what a person may add to « S'inscrire »."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SERVICE_MAX_LENGTH, clean_service


class RegisterForm(forms.Form):
    """« S'inscrire »: a button, and an optional direction or service (prefilled with the one
    the person gave last time), counted on the season's dashboard."""

    service = forms.CharField(
        label=_("Direction ou service (facultatif)"),
        max_length=SERVICE_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "La direction ou le service tient en %(limit_value)d caractères au plus."
            )
        },
    )

    def clean_service(self):
        return clean_service(self.cleaned_data.get("service"))
