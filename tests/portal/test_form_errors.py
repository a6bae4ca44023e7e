"""The shared error summary links every error to its field, choice groups included."""

from django import forms
from django.template.loader import render_to_string


class ChoicesForm(forms.Form):
    name = forms.CharField(label="Nom")
    colour = forms.ChoiceField(
        label="Couleur", choices=[("bleu", "Bleu"), ("vert", "Vert")], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="J'accepte")


def test_error_summary_links_to_fields_and_to_the_first_option_of_groups():
    form = ChoicesForm(data={})
    assert not form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert 'href="#id_name"' in html
    assert 'href="#id_colour_0"' in html
    assert 'href="#id_themes_0"' in html
    assert 'href="#id_agree"' in html
    assert 'href="#"' not in html
    assert "Le formulaire contient 4 erreurs" in html
