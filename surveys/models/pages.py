"""Survey pages: the survey list and the survey, whose routes call ``surveys/views.py``.

The top of the app's models: the views receive the page and never import it; the questions
(``questions.py``) and responses (``responses.py``) below point to the page by name.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.search import index

from portal.access import visible_pages
from portal.models import ListingPage, PortalPage
from portal.rich_text import PAGE_TEXT_FEATURES
from surveys import views
from surveys.choices import Audience, ResultsVisibility

from .responses import SurveyResponse


class SurveyIndexPage(ListingPage):
    """The list of surveys (child of the home page), paginated."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["surveys.SurveyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des questionnaires")
        verbose_name_plural = _("listes des questionnaires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        surveys = SurveyPage.objects.child_of(self).live().order_by("-first_published_at")
        context["surveys"] = self.paginate(request, visible_pages(surveys, request.user))
        return context


class SurveyPage(RoutablePageMixin, PortalPage):
    """A survey: its settings are fields of the page, its questions inline child objects."""

    introduction = RichTextField(_("introduction"), blank=True, features=PAGE_TEXT_FEATURES)
    thank_you_text = RichTextField(
        _("message de remerciement"),
        blank=True,
        features=PAGE_TEXT_FEATURES,
        help_text=_("Affiché après l'envoi des réponses."),
    )
    opens_at = models.DateTimeField(
        _("ouverture"), null=True, blank=True, help_text=_("Vide : ouvert dès la publication.")
    )
    closes_at = models.DateTimeField(
        _("clôture"), null=True, blank=True, help_text=_("Vide : sans date de clôture.")
    )
    audience = models.CharField(
        _("qui peut répondre"), max_length=12, choices=Audience.choices, default=Audience.AGENTS
    )
    anonymous = models.BooleanField(
        _("anonyme"),
        default=False,
        help_text=_(
            "Aucune identité ni adresse IP n'est enregistrée et la date d'envoi est gardée au "
            "jour près. Le fait d'avoir répondu est noté à part, sans lien avec les réponses."
        ),
    )
    one_response_per_person = models.BooleanField(_("une seule réponse par personne"), default=True)
    allow_edit = models.BooleanField(
        _("modification possible jusqu'à la clôture"),
        default=False,
        help_text=_("Seulement pour un questionnaire nominatif à une réponse par personne."),
    )
    results_visibility = models.CharField(
        _("qui voit les résultats"),
        max_length=12,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.COORDINATORS,
    )
    min_responses_for_results = models.PositiveIntegerField(
        _("nombre minimum de réponses avant d'afficher les résultats (anonyme)"),
        default=5,
        help_text=_(
            "Protège l'anonymat des personnes qui répondent quand elles sont peu nombreuses."
        ),
    )
    evaluated_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("ce qui est évalué"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Un module, une séance, un événement…"),
    )
    notify_coordinators = models.BooleanField(
        _("prévenir la coordination à chaque réponse"),
        default=False,
        help_text=_("Un courriel est envoyé aux membres du groupe Coordination."),
    )
    ask_session = models.BooleanField(
        _("demander la séance au répondant"),
        default=False,
        help_text=_(
            "Quand la page évaluée est un module : le répondant choisit sa séance. Sinon, un "
            "lien « ?seance=<numéro> » vers le questionnaire la renseigne."
        ),
    )
    submit_label = models.CharField(
        _("texte du bouton d'envoi"), max_length=60, default="Envoyer mes réponses"
    )
    allow_empty = models.BooleanField(
        _("accepter un envoi sans aucune réponse"),
        default=False,
        help_text=_("Sinon, un envoi vide est refusé : « Répondez à au moins une question »."),
    )
    example_responses_note = models.CharField(
        _("réponses d'exemple"),
        max_length=300,
        blank=True,
        help_text=_(
            "Si les réponses de ce questionnaire sont inventées (démonstration, formation), "
            "dites-le ici : la note s'affiche sur les résultats avec la mention « Exemple "
            "fictif »."
        ),
    )
    tailor_made_requests = models.BooleanField(
        _("demandes d'atelier sur-mesure"),
        default=False,
        help_text=_(
            "Chaque réponse est une demande que la coordination peut transformer en session "
            "sur-mesure d'un module (questionnaire nominatif seulement)."
        ),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("introduction"),
        InlinePanel("questions", heading=_("Questions"), label=_("Question"), min_num=1),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("audience"),
                FieldPanel("anonymous"),
                FieldPanel("one_response_per_person"),
                FieldPanel("allow_edit"),
                FieldPanel("results_visibility"),
                FieldPanel("min_responses_for_results"),
                FieldPanel("notify_coordinators"),
                FieldPanel("allow_empty"),
                FieldPanel("tailor_made_requests"),
                FieldPanel("example_responses_note"),
                PageChooserPanel(
                    "evaluated_page",
                    [
                        "pages.ModulePage",
                        "pages.SeasonPage",
                        "pages.EventPage",
                        "pages.SharingSessionPage",
                    ],
                ),
                FieldPanel("ask_session"),
            ],
            heading=_("Réglages du questionnaire"),
        ),
        *PortalPage.settings_panels,
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("introduction")]

    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
        if self.allow_edit and (self.anonymous or not self.one_response_per_person):
            errors["allow_edit"] = _(
                "La modification n'est possible que pour un questionnaire nominatif à une "
                "seule réponse par personne."
            )
        if self.tailor_made_requests and self.anonymous:
            errors["tailor_made_requests"] = _(
                "Une demande d'atelier sur-mesure doit venir d'une personne identifiée : le "
                "questionnaire ne peut pas être anonyme."
            )
        if errors:
            raise ValidationError(errors)

    # State -------------------------------------------------------------------------------

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def not_yet_open(self, now=None):
        return bool(self.opens_at and (now or timezone.now()) < self.opens_at)

    def ordered_questions(self):
        return list(self.questions.all())

    def steps(self, questions=None):
        """Questions grouped into steps: a question with a step title starts a new step."""
        steps = []
        for question in self.ordered_questions() if questions is None else questions:
            if question.step_title or not steps:
                steps.append([])
            steps[-1].append(question)
        return steps

    def sessions(self):
        """Sessions of the evaluated page when it is a module (pages.ModuleSession), by date."""
        model = SurveyResponse._meta.get_field("session").related_model
        if not self.evaluated_page_id:
            return model.objects.none()
        return model.objects.filter(module_id=self.evaluated_page_id).order_by("start")

    # Routes (views live in surveys/views.py) -----------------------------------------------

    @re_path(r"^$")
    def answer(self, request, *args, **kwargs):
        return views.answer_view(request, self)

    @re_path(r"^merci/$", name="thanks")
    def thanks(self, request, *args, **kwargs):
        return views.thanks_view(request, self)

    @re_path(r"^resultats/$", name="results")
    def results(self, request, *args, **kwargs):
        return views.results_view(request, self)

    @re_path(r"^resultats/relance/$", name="remind")
    def remind(self, request, *args, **kwargs):
        return views.remind_view(request, self)

    @re_path(r"^resultats/export/(csv|xlsx|json)/$", name="results_export")
    def results_export(self, request, fmt, *args, **kwargs):
        return views.results_export_view(request, self, fmt)

    @re_path(r"^reponses/export/(csv|xlsx|json)/$", name="responses_export")
    def responses_export(self, request, fmt, *args, **kwargs):
        return views.responses_export_view(request, self, fmt)
