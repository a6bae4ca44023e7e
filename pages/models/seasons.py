"""Season programmes of the Atelier de la coopération: seasons, modules and their sessions."""

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from pages.blocks import BodyBlock
from portal.access import visible_pages
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage, IndexPage, PersonLink, editorial_tabs
from .snippets import Testimonial

SEASON_TESTIMONIALS = 6


class SeasonIndexPage(IndexPage):
    """« L'Atelier de la coopération » : the list of its seasons."""

    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*IndexPage.content_panels, FieldPanel("body")]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.SeasonPage"]
    listing_date_field = "start_date"
    listing_title = _("Les saisons")

    class Meta:
        verbose_name = _("programme des saisons")
        verbose_name_plural = _("programmes des saisons")


class SeasonPage(EditorialPage):
    """A season (« Saison 1 »): dates, steps, commitments, key figures, its modules."""

    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    introduction = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    example_content = models.BooleanField(
        _("contenu d'exemple"),
        default=False,
        help_text=_(
            "Cochez si cette saison est inventée pour une démonstration : la page l'annonce "
            "au-dessus de l'introduction avec la mention « Exemple fictif »."
        ),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("contenu"),
        blank=True,
        help_text=_("Les étapes du projet (frise), les engagements, les bénéfices..."),
    )

    # The review's key figures are computed from sessions, attendance and the season's survey
    # (registrations.figures); only a note on them is editorial.
    figures_note = models.CharField(
        _("précision sur les chiffres"),
        max_length=300,
        blank=True,
        help_text=_(
            "Par exemple la question posée et la période couverte. Les chiffres eux-mêmes sont "
            "calculés à partir des sessions, des présences et du questionnaire de la saison."
        ),
    )

    teaser_date_field = "start_date"

    content_panels = [
        *PortalPage.content_panels,
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("example_content"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    figures_panels = [FieldPanel("figures_note")]
    edit_handler = editorial_tabs(
        (_("Contenu"), content_panels),
        (_("Chiffres clés"), figures_panels),
    )
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("start_date"),
    ]

    parent_page_types = ["pages.SeasonIndexPage"]
    subpage_types = ["pages.ModulePage"]

    class Meta:
        verbose_name = _("saison")
        verbose_name_plural = _("saisons")

    @property
    def teaser_period(self):
        """« De janvier à juin 2025 »: seasons are dated by month, as the seeds give them."""
        from portal.templatetags.portal_tags import date_range

        return date_range(self.start_date, self.end_date)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de la saison doit suivre son début.")})

    def modules(self, request):
        """The season's live modules the user may see, with their upcoming sessions."""
        return visible_pages(
            ModulePage.objects.child_of(self).live(), request.user
        ).prefetch_related(
            models.Prefetch(
                "sessions", queryset=ModuleSession.objects.upcoming(), to_attr="upcoming_sessions"
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: nothing is queried when the page body comes from the cache.
        modules = SimpleLazyObject(lambda: list(self.modules(request)))
        context["modules"] = modules
        context["upcoming_sessions"] = SimpleLazyObject(
            lambda: sorted(
                (session for module in modules for session in module.upcoming_sessions),
                key=lambda session: session.start,
            )
        )
        # A sample of what participants said; each module page shows all of its own.
        context["testimonials"] = Testimonial.objects.filter(
            page_id__in=visible_pages(
                ModulePage.objects.child_of(self).live(), request.user
            ).values("pk")
        ).order_by("page_id", "pk")[:SEASON_TESTIMONIALS]
        return context


class ModulePage(EditorialPage):
    """A module of a season (« L'escape game de la coopération ») and its sessions."""

    FORMAT_ON_SITE = "on_site"
    FORMAT_REMOTE = "remote"
    FORMAT_BOTH = "both"
    FORMAT_CHOICES = [
        (FORMAT_ON_SITE, _("Sur place")),
        (FORMAT_REMOTE, _("À distance")),
        (FORMAT_BOTH, _("Sur place ou à distance")),
    ]

    pitch = models.TextField(_("accroche"), help_text=_("Deux ou trois phrases qui donnent envie."))
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=FORMAT_CHOICES, default=FORMAT_ON_SITE
    )
    duration = models.CharField(
        _("durée"), max_length=80, blank=True, help_text=_("Par exemple « 2 h ».")
    )
    audience = models.CharField(_("public"), max_length=200, blank=True)
    group_size = models.CharField(_("taille du groupe"), max_length=80, blank=True)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("thèmes"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("pitch"),
        FieldPanel("description"),
    ]
    practical_panels = [
        FieldPanel("format"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("group_size")]),
        FieldPanel("audience"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("facilitators", label=_("animateur ou animatrice"), heading=_("Animation")),
    ]
    sessions_panels = [
        InlinePanel("sessions", label=_("session"), heading=_("Sessions")),
    ]
    edit_handler = editorial_tabs(
        (_("Contenu"), content_panels),
        (_("Infos pratiques"), practical_panels),
        (_("Sessions"), sessions_panels),
    )
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.SearchField("audience"),
        index.FilterField("format"),
    ]

    parent_page_types = ["pages.SeasonPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def teaser_text(self):
        return self.search_description or self.pitch

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The sessions (places left, registration forms) are rendered per reader by the
        # registrations app's {% module_sessions %} tag, outside the page cache.
        context["facilitators"] = self.facilitators.select_related("person")
        context["testimonials"] = Testimonial.objects.filter(page=self)
        return context


class ModuleFacilitator(PersonLink):
    page = ParentalKey("pages.ModulePage", related_name="facilitators", on_delete=models.CASCADE)

    class Meta(PersonLink.Meta):
        verbose_name = _("animateur ou animatrice")
        verbose_name_plural = _("animation")


class ModuleSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")


def _time(value):
    """``date_format(value, "G\\hi")`` (« 9h30 »), without parsing the format each time."""
    return f"{value.hour}h{value.minute:02d}"


@functools.cache
def _french_names():
    """Day and month names in French (resolved once: :meth:`ModuleSession.when` always writes
    in French, and a lazy name costs a translation lookup at each use)."""
    return [str(WEEKDAYS[day]) for day in range(7)], {n: str(name) for n, name in MONTHS.items()}


def _day_and_time(value):
    """``date_format(value, "l j F Y, G\\hi")`` (« mardi 14 octobre 2025, 9h30 »), written
    out: a module page formats the dates of every session it lists; « 1er » on the first.
    Called in French only (:meth:`ModuleSession.when`)."""
    days, months = _french_names()
    return (
        f"{days[value.weekday()]} {'1er' if value.day == 1 else value.day} "
        f"{months[value.month]} {value.year:04d}, " + _time(value)
    )


class ModuleSession(Orderable):
    """One dated session of a module; tailor-made sessions are run at a team's request."""

    module = ParentalKey("pages.ModulePage", related_name="sessions", on_delete=models.CASCADE)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    room = models.CharField(_("salle"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    is_tailor_made = models.BooleanField(
        _("sur-mesure"), default=False, help_text=_("Session organisée à la demande d'une équipe.")
    )
    requesting_team = models.CharField(
        _("équipe demandeuse"),
        max_length=200,
        blank=True,
        help_text=_("Pour une session sur-mesure."),
    )

    requesting_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact de l'équipe demandeuse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Seule cette personne (et la coordination) inscrit à une session sur-mesure."),
    )
    open_to_partners = models.BooleanField(
        _("ouverte aux partenaires"),
        default=False,
        help_text=_("Sinon, l'inscription est réservée aux agentes et agents."),
    )
    cancellation_deadline = models.DateTimeField(
        _("annulation possible jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Vide : jusqu'au début de la session."),
    )

    is_fictitious = models.BooleanField(
        _("exemple fictif"),
        default=False,
        help_text=_(
            "Session inventée pour la démonstration (date, salle, inscriptions) : le site "
            "l'affiche avec la mention « Exemple fictif »."
        ),
    )

    objects = ModuleSessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("room")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("cancellation_deadline")]),
        FieldPanel("open_to_partners"),
        FieldRowPanel([FieldPanel("is_tailor_made"), FieldPanel("requesting_team")]),
        FieldPanel("requesting_contact"),
        FieldPanel("is_fictitious"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["start"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["start"], name="pages_modulesession_start")]

    def __str__(self):
        return f"{self.module.title} – {self.when}"

    @cached_property
    def when(self):
        """« mardi 14 octobre 2025, 9h30 – 11h30 », « mardi 1er avril 2025, … » in French, in the
        portal's time zone."""
        if not self.start:
            return ""
        if get_language() == "fr":  # the portal's language: no switching back and forth
            return self._when_text()
        with override("fr"):
            return self._when_text()

    def _when_text(self):
        start = timezone.localtime(self.start)
        text = _day_and_time(start)
        if self.end:
            end = timezone.localtime(self.end)
            if end.date() == start.date():
                text += " – " + _time(end)
            else:
                text += " – " + _day_and_time(end)
        return text

    def cancellable_until(self):
        """Until when a participant may cancel: the deadline set, else the session's start."""
        return self.cancellation_deadline or self.start

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("La fin de la session doit suivre son début.")})
        if self.cancellation_deadline and self.start and self.cancellation_deadline > self.start:
            raise ValidationError(
                {
                    "cancellation_deadline": _(
                        "La date limite d'annulation doit précéder le début de la session."
                    )
                }
            )
        if self.is_tailor_made and not self.requesting_team:
            raise ValidationError(
                {"requesting_team": _("Indiquez l'équipe qui a demandé cette session sur-mesure.")}
            )
