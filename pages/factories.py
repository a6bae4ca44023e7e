"""Factories of the pages app: shared by the test suite and the demo content (pages.demo)."""

import datetime

from django.utils import timezone

import factory
import wagtail_factories

from pages import models


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thème {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person
        django_get_or_create = ("name", "organisation")

    name = factory.Sequence(lambda n: f"Personne {n}")
    role = "Animatrice"
    organisation = "Ville de Lyon"


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Testimonial

    quote = factory.Sequence(lambda n: f"Un moment très utile, merci ({n}).")
    attribution = ""


class SeasonIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.SeasonIndexPage

    title = "L'Atelier de la coopération"
    intro = "<p>Le programme des saisons.</p>"


class SeasonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.SeasonPage

    title = factory.Sequence(lambda n: f"Saison {n}")
    start_date = datetime.date(2025, 1, 6)
    end_date = datetime.date(2025, 6, 30)


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    pitch = "Découvrir la coopération en la vivant."
    duration = "2 h"


class ModuleSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModuleSession

    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda session: session.start + datetime.timedelta(hours=2))
    place = "Hôtel de Ville"
    room = "Salle 1"
    capacity = 12


class ModuleFacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModuleFacilitator

    person = factory.SubFactory(PersonFactory)
