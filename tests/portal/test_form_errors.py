"""The shared error summary links every error to its field, choice groups included."""

import re

from django import forms
from django.template.loader import render_to_string

import pytest


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


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_says_so_in_the_title(client, home_page):
    html = client.post("/connexion/", {"username": "personne", "password": "faux"}).content
    html = html.decode()
    assert "<title>Erreur : Connexion – " in html
    assert 'class="error-summary"' in html
    assert "<title>Connexion – " in client.get("/connexion/").content.decode()


@pytest.mark.django_db
def test_every_aria_reference_of_an_invalid_field_points_to_an_element(client_as, home_page):
    client = client_as("agent", password="un-mot-de-passe-solide")
    html = client.post(
        "/mot-de-passe/changer/",
        {"old_password": "faux", "new_password1": "a", "new_password2": "b"},
    ).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    references = re.findall(r'aria-describedby="([^"]+)"', html)
    assert any("_error" in reference for reference in references)
    for reference in references:
        for target in reference.split():
            assert target in ids, target
    # The password rules (a list) are described by a block that may hold a list.
    assert re.search(r'<div class="field__help" id="id_new_password1_helptext">\s*<ul>', html)
