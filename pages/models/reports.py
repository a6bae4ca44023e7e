"""Workshop syntheses (« Atelier 5 – Emergence – Session 1 »)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import ResourcesBlock
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage, IndexPage, editorial_tabs


class WorkshopReportIndexPage(IndexPage):
    """The list of workshop syntheses, filterable by theme."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.WorkshopReportPage"]
    listing_filters = ("theme",)
    listing_title = _("Les synthèses")

    class Meta:
        verbose_name = _("liste des synthèses d'ateliers")
        verbose_name_plural = _("listes des synthèses d'ateliers")


class WorkshopReportPage(EditorialPage):
    """The synthesis of a workshop: question, synthesis, carriers, participants, discussion."""

    questions = RichTextField(_("questions"), features=TEXT_FEATURES)
    synthesis = RichTextField(_("synthèse"), blank=True, features=TEXT_FEATURES)
    carriers = models.CharField(_("porteurs ou porteuses"), max_length=250, blank=True)
    participants = models.TextField(
        _("participants et participantes"), blank=True, help_text=_("Une personne par ligne.")
    )
    discussion = RichTextField(
        _("éléments importants de la discussion"), blank=True, features=TEXT_FEATURES
    )
    ideas = RichTextField(_("idées à creuser"), blank=True, features=TEXT_FEATURES)
    resources = StreamField(ResourcesBlock(), verbose_name=_("ressources"), blank=True)
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("journée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("thèmes"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("questions"),
        FieldPanel("synthesis"),
        FieldPanel("carriers"),
        FieldPanel("participants"),
        PageChooserPanel("event", "pages.EventPage"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    discussion_panels = [FieldPanel("discussion"), FieldPanel("ideas"), FieldPanel("resources")]
    edit_handler = editorial_tabs(
        (_("Contenu"), content_panels),
        (_("Discussion"), discussion_panels),
    )
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("questions"),
        index.SearchField("synthesis"),
        index.SearchField("carriers"),
        index.SearchField("participants"),
        index.SearchField("discussion"),
        index.SearchField("ideas"),
    ]

    parent_page_types = ["pages.WorkshopReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("synthèse d'atelier")
        verbose_name_plural = _("synthèses d'ateliers")

    @property
    def participant_list(self):
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Page

        from portal.access import visible_pages

        context = super().get_context(request, *args, **kwargs)
        context["linked_event"] = visible_pages(
            Page.objects.filter(pk=self.event_id).live(), request.user
        )[:1]
        return context
