"""Factories of the pages app: shared by the test suite and the demo content (pages.demo)."""

import datetime

from django.utils import timezone

import factory
import wagtail_factories

from pages import models


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
    introduction = "<p>Le programme des saisons.</p>"


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


class SharingSessionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.SharingSessionIndexPage

    title = "J'ai testé pour vous"


class SharingSessionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.SharingSessionPage

    title = factory.Sequence(lambda n: f"J'ai testé le brise-glace n° {n}")
    date = datetime.date(2025, 3, 18)
    place = "Hôtel de Ville"
    tested = "Un brise-glace en petits groupes."


class SharingSessionPresenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SharingSessionPresenter

    person = factory.SubFactory(PersonFactory)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.EventIndexPage

    title = "Journées"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.EventPage

    title = factory.Sequence(lambda n: f"Journée régionale {n}")
    date = datetime.date(2025, 10, 2)
    place = "Nancy"


class EventAgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventAgendaItem

    title = factory.Sequence(lambda n: f"Séquence {n}")
    duration_minutes = 20


class EventWorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventWorkshop

    number = factory.Sequence(lambda n: n + 1)
    room = "Salle Chardon"
    subject = factory.Sequence(lambda n: f"Expérience {n}")
    speakers = "Une intervenante"


class EventMethodWorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventMethodWorkshop

    room = "Salle Gruber"
    method_name = factory.Sequence(lambda n: f"Méthode {n}")
    colour_group = "vert"


class WorkshopReportIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.WorkshopReportIndexPage

    title = "Synthèses d'ateliers"


class WorkshopReportPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.WorkshopReportPage

    title = factory.Sequence(lambda n: f"Atelier {n} – Emergence")
    questions = "<p>Comment coopérer ?</p>"
    participants = "Une personne\nUne autre personne"


class MethodIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.MethodIndexPage

    title = "Boîte à outils de la coopération"


class MethodPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.MethodPage

    title = factory.Sequence(lambda n: f"Méthode {n}")
    purpose = "<p>Utiliser l'intelligence collective.</p>"


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ContentPage

    title = factory.Sequence(lambda n: f"Page {n}")
    introduction = "<p>Une page de contenu.</p>"
