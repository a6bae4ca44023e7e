"""Factories of the territorial network: used by the tests, the demo content and the bench."""

from decimal import Decimal

import factory
import wagtail_factories

from .models import (
    Contact,
    ExperienceIndexPage,
    ExperiencePage,
    NetworkMapPage,
    Organisation,
    Territory,
)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Commune {n}")
    kind = Territory.Kind.COMMUNE
    latitude = Decimal("48.69")
    longitude = Decimal("6.18")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.VILLE
    territory = factory.SubFactory(TerritoryFactory)
    latitude = Decimal("48.69")
    longitude = Decimal("6.18")
    visible_to_partners = True

    @factory.post_generation
    def themes(organisation, create, extracted, **kwargs):
        if create and extracted:
            organisation.themes.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Contact {n}")
    job_title = "Chargée de mission"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    visible_to_partners = True
    source = "Saisie"

    @factory.post_generation
    def themes(contact, create, extracted, **kwargs):
        if create and extracted:
            contact.themes.set(extracted)

    @factory.post_generation
    def territories(contact, create, extracted, **kwargs):
        if create and extracted:
            contact.territories.set(extracted)


class ExperienceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ExperienceIndexPage

    title = "Expériences territoriales"
    slug = "experiences"
    visible_to_partners = True


class ExperiencePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ExperiencePage

    title = factory.Sequence(lambda n: f"Expérience {n}")
    summary = "Une expérience de coopération entre acteurs d'un territoire."
    visible_to_partners = True


class NetworkMapPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NetworkMapPage

    title = "Carte du réseau"
    slug = "carte-du-reseau"
    visible_to_partners = True
