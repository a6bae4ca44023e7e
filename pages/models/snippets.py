"""Snippets shared across page types: people and testimonials (themes: taxonomy)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.search import index


class Person(index.Indexed, models.Model):
    """Someone who facilitates, presents or speaks: name, role, organisation."""

    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(_("fonction"), max_length=160, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte sur le portail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Une personne qui anime un module et a un compte tient la feuille d'émargement."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"], name="pages_person_unique_name_organisation"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @property
    def description(self):
        return ", ".join(part for part in (self.role, self.organisation) if part)


class Testimonial(index.Indexed, models.Model):
    """A participant's quote, optionally linked to the module or sharing session it is about."""

    quote = models.TextField(_("citation"))
    attribution = models.CharField(
        _("auteur ou autrice"),
        max_length=200,
        blank=True,
        help_text=_("Laissez vide pour une citation anonyme (« Un ou une participante »)."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("module ou séance concernés"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("quote"),
        FieldPanel("attribution"),
        PageChooserPanel("page", ["pages.ModulePage", "pages.SharingSessionPage"]),
    ]
    search_fields = [index.SearchField("quote"), index.AutocompleteField("quote")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")

    def __str__(self):
        text = self.quote if len(self.quote) <= 80 else self.quote[:79] + "…"
        return f"« {text} »"
