"""Events (regional days, cooperation days): agenda, experience and method workshops."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import BodyBlock, ResourcesBlock
from portal.access import visible_pages
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage, IndexPage, editorial_tabs


class EventIndexPage(IndexPage):
    """The list of events, filterable by type and date."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.EventPage"]
    listing_filters = ("kind", "theme", "period")
    listing_date_field = "date"
    listing_title = _("Les journées")

    class Meta:
        verbose_name = _("liste des journées")
        verbose_name_plural = _("listes des journées")


class EventPage(EditorialPage):
    """A regional day or a cooperation day, with its running order and workshops."""

    KIND_REGIONAL_DAY = "regional_day"
    KIND_COOPERATION_DAY = "cooperation_day"
    KIND_CHOICES = [
        (KIND_REGIONAL_DAY, _("Journée régionale")),
        (KIND_COOPERATION_DAY, _("Journée de la coopération")),
    ]

    kind = models.CharField(
        _("type"), max_length=20, choices=KIND_CHOICES, default=KIND_REGIONAL_DAY
    )
    subtitle = models.CharField(_("sous-titre"), max_length=250, blank=True)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Laissez vide tant que la date n'est pas connue : rien n'est inventé."),
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    organisers = models.CharField(_("organisateurs"), max_length=250, blank=True)
    support = models.CharField(
        _("avec l'appui de"), max_length=250, blank=True, help_text=_("Par exemple « du Réseau ».")
    )
    objectives = RichTextField(_("objectifs"), blank=True, features=TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)
    resources = StreamField(ResourcesBlock(), verbose_name=_("ressources"), blank=True)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("thèmes"), blank=True)

    teaser_date_field = "date"

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("subtitle"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("organisers"), FieldPanel("support")]),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    programme_panels = [
        InlinePanel("agenda_items", label=_("séquence"), heading=_("Déroulé de la journée")),
    ]
    workshops_panels = [
        InlinePanel(
            "workshops", label=_("atelier d'expérience"), heading=_("Présentation d'expériences")
        ),
        InlinePanel(
            "method_workshops", label=_("atelier de méthode"), heading=_("Ateliers de méthodes")
        ),
    ]
    edit_handler = editorial_tabs(
        (_("Contenu"), content_panels),
        (_("Déroulé"), programme_panels),
        (_("Ateliers"), workshops_panels),
        (_("Ressources"), [FieldPanel("resources")]),
    )
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("place"),
        index.SearchField("objectives"),
        index.SearchField("body"),
        index.RelatedFields(
            "workshops",
            [
                index.SearchField("subject"),
                index.SearchField("territory"),
                index.SearchField("speakers"),
            ],
        ),
        index.RelatedFields(
            "agenda_items", [index.SearchField("title"), index.SearchField("speakers")]
        ),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["pages.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("journée")
        verbose_name_plural = _("journées")

    @property
    def teaser_text(self):
        return self.search_description or self.subtitle

    def workshops_for(self, request):
        """The experience and method workshops, linked to their experience or method sheet only
        when it is live and visible to the user (checked for all of them in one query)."""
        workshops = list(self.workshops.all())
        presented = presented_by_number(self)
        for workshop in workshops:
            workshop.experience = presented.get(workshop.number)
        method_workshops = list(self.method_workshops.select_related("method"))
        target_ids = {w.experience_id for w in workshops} | {w.method_id for w in method_workshops}
        target_ids.discard(None)
        linkable = set()
        if target_ids:
            linkable = set(
                visible_pages(
                    Page.objects.filter(pk__in=target_ids).live(), request.user
                ).values_list("pk", flat=True)
            )
        for workshop in workshops:
            workshop.linked_experience = (
                workshop.experience if workshop.experience_id in linkable else None
            )
        for workshop in method_workshops:
            workshop.linked_method = workshop.method if workshop.method_id in linkable else None
        return workshops, method_workshops

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: nothing is queried when the page body comes from the cache.
        workshops = SimpleLazyObject(lambda: self.workshops_for(request))
        context["agenda_items"] = self.agenda_items.all()
        context["workshops"] = SimpleLazyObject(lambda: workshops[0])
        context["method_workshops"] = SimpleLazyObject(lambda: workshops[1])
        return context


class EventAgendaItem(Orderable):
    """One step of the running order: start time, duration, title, speakers, room."""

    page = ParentalKey("pages.EventPage", related_name="agenda_items", on_delete=models.CASCADE)
    start_time = models.TimeField(_("heure"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    title = models.CharField(_("titre"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("intervenants et intervenantes"), max_length=300, blank=True)
    room = models.CharField(_("salle"), max_length=120, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("duration_minutes")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("speakers"), FieldPanel("room")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("séquence")
        verbose_name_plural = _("déroulé")

    def __str__(self):
        return self.title

    @property
    def duration_display(self):
        """« 1 h 30 », « 20 min »."""
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        if hours and minutes:
            return f"{hours} h {minutes:02d}"
        return f"{hours} h" if hours else f"{minutes} min"


def presented_by_number(event):
    """The experience pages presented at this event, by workshop number (one query).

    The link is stored on the experience page (its event and its workshop, « Atelier 1 / Salle
    Chardon »): a workshop row's experience is the page whose event is this one and whose
    workshop names this number.
    """
    presented = {}
    for page in event.presented_experiences.order_by("path"):
        presented.setdefault(page.workshop_number, page)
    return presented


class EventWorkshop(Orderable):
    """An experience workshop: a territory presents its experience (number, room, speakers).

    Which experience page it presents is not stored here but on that page (its event and
    workshop): see :attr:`experience`.
    """

    page = ParentalKey("pages.EventPage", related_name="workshops", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("numéro"))
    room = models.CharField(_("salle"), max_length=120, blank=True)
    title = models.CharField(
        _("intitulé court"),
        max_length=250,
        blank=True,
        help_text=_("Tel qu'annoncé dans le déroulé."),
    )
    subject = models.CharField(_("sujet"), max_length=300)
    territory = models.CharField(_("territoire ou structure"), max_length=250, blank=True)
    speakers = models.TextField(_("intervenants et intervenantes"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("room")]),
        FieldPanel("title"),
        FieldPanel("subject"),
        FieldPanel("territory"),
        FieldPanel("speakers"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("atelier d'expérience")
        verbose_name_plural = _("ateliers d'expérience")

    def __str__(self):
        return f"Atelier {self.number} – {self.subject}"

    @cached_property
    def experience(self):
        """The experience page that names this event and this workshop number, if any."""
        if self.page_id is None:
            return None
        return presented_by_number(self.page).get(self.number)

    @property
    def experience_id(self):
        return self.experience.pk if self.experience else None


class EventMethodWorkshop(Orderable):
    """A method workshop (« Testons les coopérations »): room, method, facilitators, colour."""

    COLOUR_CHOICES = [
        ("bleu", _("Bleu")),
        ("rouge", _("Rouge")),
        ("jaune", _("Jaune")),
        ("vert", _("Vert")),
        ("orange", _("Orange")),
        ("violet", _("Violet")),
    ]

    page = ParentalKey("pages.EventPage", related_name="method_workshops", on_delete=models.CASCADE)
    room = models.CharField(_("salle"), max_length=120, blank=True)
    method_name = models.CharField(_("méthode"), max_length=200)
    method = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("fiche méthode"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facilitators = models.CharField(_("animation"), max_length=250, blank=True)
    colour_group = models.CharField(
        _("groupe de couleur"), max_length=10, choices=COLOUR_CHOICES, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("room"), FieldPanel("colour_group")]),
        FieldPanel("method_name"),
        PageChooserPanel("method", "pages.MethodPage"),
        FieldPanel("facilitators"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("atelier de méthode")
        verbose_name_plural = _("ateliers de méthode")

    def __str__(self):
        return self.method_name

    def clean(self):
        super().clean()
        if self.method_id and not self.method.live:
            raise ValidationError({"method": _("Choisissez une fiche méthode publiée.")})
