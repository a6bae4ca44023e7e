"""The one theme factory: shared by the tests, the demo content and the bench."""

from django.utils.text import slugify

import factory

from .models import Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme, fetched by its slug when it exists (``ThemeFactory(name="TFPB")`` is idempotent)."""

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.LazyAttribute(lambda theme: slugify(theme.name)[:80])
