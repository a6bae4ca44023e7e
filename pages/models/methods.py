"""The cooperation toolbox: method sheets (co-development, word café, escape game...)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import OrderedStepsBlock, ResourcesBlock
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage, IndexPage


class MethodIndexPage(IndexPage):
    """The cooperation toolbox, filterable by theme."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.MethodPage"]
    listing_filters = ("theme",)
    listing_title = _("Les fiches méthodes")

    class Meta:
        verbose_name = _("boîte à outils")
        verbose_name_plural = _("boîtes à outils")


class MethodPage(EditorialPage):
    """A method sheet: purpose, group size, duration, roles, ordered steps, tips."""

    purpose = RichTextField(_("à quoi ça sert"), features=TEXT_FEATURES)
    group_size = models.CharField(_("taille du groupe"), max_length=120, blank=True)
    duration = models.CharField(_("durée"), max_length=120, blank=True)
    roles = RichTextField(_("rôles"), blank=True, features=TEXT_FEATURES)
    steps = StreamField(OrderedStepsBlock(), verbose_name=_("étapes"), blank=True)
    tips = RichTextField(_("conseils"), blank=True, features=TEXT_FEATURES)
    resources = StreamField(ResourcesBlock(), verbose_name=_("ressources"), blank=True)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("thèmes"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("group_size"), FieldPanel("duration")]),
        FieldPanel("roles"),
        FieldPanel("steps"),
        FieldPanel("tips"),
        FieldPanel("resources"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("roles"),
        index.SearchField("steps"),
        index.SearchField("tips"),
    ]

    parent_page_types = ["pages.MethodIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fiche méthode")
        verbose_name_plural = _("fiches méthodes")
