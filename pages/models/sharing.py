"""« J'ai testé pour vous » : sharing sessions where colleagues present an animation they tried."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import OrderedStepsBlock, ResourcesBlock
from portal.access import can_view_page, visible_pages
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage, IndexPage, PersonLink, editorial_tabs
from .seasons import ModulePage, SeasonPage
from .snippets import Testimonial


class SharingSessionIndexPage(IndexPage):
    """The list of « J'ai testé pour vous » sessions, filterable by theme, format and date."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.SharingSessionPage"]
    listing_filters = ("season", "theme", "format", "period")
    listing_date_field = "date"
    listing_title = _("Les séances « J'ai testé pour vous »")

    class Meta:
        verbose_name = _("liste des séances « J'ai testé pour vous »")
        verbose_name_plural = _("listes des séances « J'ai testé pour vous »")

    def season_choices(self, request):
        return visible_pages(SeasonPage.objects.live(), request.user).order_by("-start_date")


class SharingSessionPage(EditorialPage):
    """A sharing session: what was tested, what worked, the recipe to do it again."""

    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Laissez vide tant que la date n'est pas connue : rien n'est inventé."),
    )
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ModulePage.FORMAT_CHOICES,
        default=ModulePage.FORMAT_ON_SITE,
    )
    origin_event = models.ForeignKey(
        "pages.EventPage",
        verbose_name=_("testé lors de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La journée ou l'événement d'où vient l'animation présentée, s'il y en a un."),
    )
    tested = models.TextField(
        _("ce qui a été testé"),
        help_text=_("L'animation ou l'outil présenté, en quelques phrases."),
    )
    what_worked = RichTextField(_("ce qui a marché"), blank=True, features=TEXT_FEATURES)
    what_worked_less = RichTextField(_("ce qui a moins marché"), blank=True, features=TEXT_FEATURES)
    ingredients = RichTextField(
        _("ingrédients"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Matériel, lieu, durée, nombre de personnes..."),
    )
    recipe_steps = StreamField(
        OrderedStepsBlock(), verbose_name=_("étapes de la recette"), blank=True
    )
    resources = StreamField(ResourcesBlock(), verbose_name=_("ressources"), blank=True)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("thèmes"), blank=True)

    teaser_date_field = "date"

    content_panels = [
        *PortalPage.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time")], heading=_("Quand")),
        FieldRowPanel([FieldPanel("place"), FieldPanel("format")], heading=_("Où")),
        PageChooserPanel("origin_event", "pages.EventPage"),
        FieldPanel("tested"),
        InlinePanel(
            "presenters", label=_("présentateur ou présentatrice"), heading=_("Présenté par")
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    feedback_panels = [FieldPanel("what_worked"), FieldPanel("what_worked_less")]
    recipe_panels = [FieldPanel("ingredients"), FieldPanel("recipe_steps"), FieldPanel("resources")]
    edit_handler = editorial_tabs(
        (_("Contenu"), content_panels),
        (_("Retours"), feedback_panels),
        (_("La recette"), recipe_panels),
    )
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("tested"),
        index.SearchField("what_worked"),
        index.SearchField("what_worked_less"),
        index.SearchField("ingredients"),
        index.SearchField("recipe_steps"),
        index.FilterField("date"),
    ]

    parent_page_types = ["pages.SharingSessionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("séance « J'ai testé pour vous »")
        verbose_name_plural = _("séances « J'ai testé pour vous »")

    @property
    def teaser_text(self):
        return self.search_description or self.tested

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["presenters"] = self.presenters.select_related("person")
        origin = self.origin_event
        context["origin_event"] = (
            origin
            if origin is not None and origin.live and can_view_page(request.user, origin)
            else None
        )
        context["testimonials"] = Testimonial.objects.filter(page=self)
        return context


class SharingSessionPresenter(PersonLink):
    page = ParentalKey(
        "pages.SharingSessionPage", related_name="presenters", on_delete=models.CASCADE
    )

    class Meta(PersonLink.Meta):
        verbose_name = _("présentateur ou présentatrice")
        verbose_name_plural = _("présenté par")
