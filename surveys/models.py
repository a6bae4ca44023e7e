"""Survey pages, their questions, and the responses stored so that SQL can aggregate them.

Identity rules:
- A question is identified by ``SurveyQuestion.key``, a UUID written once when the question is
  first saved and never rewritten afterwards (see :meth:`SurveyQuestion.save`): renaming,
  reordering or publishing an old revision keeps it, and a copied survey (Wagtail's page copy,
  from the admin or from code) gets fresh keys for its copied questions.
- Answers point to their question by that key, one row per question per response (one row per
  chosen option or keyword for multi-valued questions), with typed columns that the database
  counts, averages and groups directly.
"""

import json
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.models import PortalPage

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "document-link"]


class SurveyIndexPage(PortalPage):
    """The list of surveys (child of the home page)."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]
    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["surveys.SurveyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des questionnaires")
        verbose_name_plural = _("listes des questionnaires")

    def get_context(self, request, *args, **kwargs):
        from portal.access import visible_pages

        context = super().get_context(request, *args, **kwargs)
        surveys = SurveyPage.objects.child_of(self).live().order_by("-first_published_at")
        context["surveys"] = visible_pages(surveys, request.user)
        return context


class Audience(models.TextChoices):
    AGENTS = "agents", _("les agentes et agents")
    PARTNERS = "partners", _("les partenaires")
    BOTH = "both", _("les agentes et agents, et les partenaires")


class ResultsVisibility(models.TextChoices):
    COORDINATORS = "coordinators", _("la coordination seulement")
    RESPONDENTS = "respondents", _("les personnes qui ont répondu, après leur réponse")
    READERS = "readers", _("toutes les personnes qui peuvent lire le questionnaire")


class SurveyPage(RoutablePageMixin, PortalPage):
    """A survey: its settings are fields of the page, its questions inline child objects."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)
    thank_you_text = RichTextField(
        _("message de remerciement"),
        blank=True,
        features=RICH_FEATURES,
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
        FieldPanel("intro"),
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
    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types = []
    template = "surveys/survey_page.html"

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
        from surveys.views import answer_view

        return answer_view(request, self)

    @re_path(r"^merci/$", name="thanks")
    def thanks(self, request, *args, **kwargs):
        from surveys.views import thanks_view

        return thanks_view(request, self)

    @re_path(r"^resultats/$", name="results")
    def results(self, request, *args, **kwargs):
        from surveys.views import results_view

        return results_view(request, self)

    @re_path(r"^resultats/export/(csv|xlsx|json)/$", name="results_export")
    def results_export(self, request, fmt, *args, **kwargs):
        from surveys.views import results_export_view

        return results_export_view(request, self, fmt)

    @re_path(r"^reponses/export/(csv|xlsx|json)/$", name="responses_export")
    def responses_export(self, request, fmt, *args, **kwargs):
        from surveys.views import responses_export_view

        return responses_export_view(request, self, fmt)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    YES_NO = "yes_no", _("oui / non / je ne sais pas")
    SCALE = "scale", _("échelle")
    GRID = "grid", _("grille d'évaluation (plusieurs affirmations, une échelle)")
    SHORT_TEXT = "short_text", _("texte court")
    LONG_TEXT = "long_text", _("texte long")
    NUMBER = "number", _("nombre")
    DATE = "date", _("date")
    EMAIL = "email", _("adresse électronique")
    KEYWORDS = "keywords", _("mots-clés")


OTHER_LABEL = "Autre"


class ChoiceBlock(blocks.StructBlock):
    """One proposed answer. Its block id is the choice's key: written once, kept on renaming
    and reordering; answers point to it."""

    label = blocks.CharBlock(label=_("libellé"), max_length=255)
    archived = blocks.BooleanBlock(
        label=_("archivé"),
        required=False,
        help_text=_("N'est plus proposé ; ses réponses restent dans les résultats."),
    )

    class Meta:
        icon = "list-ul"
        label = _("choix")


class _KeysSelect(forms.SelectMultiple):
    """The show-if answers, stored as a JSON list of choice keys."""

    def value_from_datadict(self, data, files, name):
        return json.dumps(data.getlist(name) if hasattr(data, "getlist") else data.get(name, []))

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = []
        return [str(item) for item in value or []]


class ShowIfPanel(MultiFieldPanel):
    """Pick an earlier question of the page and the answers that show this one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Affichage conditionnel"))
        if not args and "children" not in kwargs:
            args = (
                [
                    FieldPanel("show_if_question", widget=forms.Select),
                    FieldPanel("show_if_values", widget=_KeysSelect),
                ],
            )
        super().__init__(*args, **kwargs)

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            question = self.instance
            earlier = []
            page_id = getattr(question, "page_id", None)
            if page_id:
                for other in SurveyQuestion.objects.filter(page_id=page_id).order_by("sort_order"):
                    if other.pk == question.pk:
                        break
                    if other.kind_class.conditionable:
                        earlier.append(other)
            fields = self.form.fields
            if "show_if_question" in fields:
                fields["show_if_question"].widget.choices = [
                    ("", _("Toujours afficher")),
                    *((str(other.key), other.label) for other in earlier),
                ]
            if "show_if_values" in fields:
                fields["show_if_values"].widget.choices = [
                    (item.key, f"{other.label} : {item.label}")
                    for other in earlier
                    for item in other.choice_items()
                ]


class SurveyQuestion(Orderable):
    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    key = models.UUIDField(_("identifiant"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("obligatoire"), default=False)
    soft_required = models.BooleanField(
        _("réponse souhaitée"),
        default=False,
        help_text=_("Sans réponse, le répondant confirme une fois avant l'envoi."),
    )
    choices = StreamField(
        [("choice", ChoiceBlock())],
        verbose_name=_("choix proposés"),
        blank=True,
        help_text=_(
            "Choix unique ou multiple, colonnes d'une grille. Renommer ou déplacer un choix "
            "garde ses réponses."
        ),
    )
    rows = StreamField(
        [("statement", blocks.CharBlock(label=_("affirmation"), max_length=255))],
        verbose_name=_("affirmations de la grille"),
        blank=True,
        help_text=_("Une ligne de la grille par affirmation, évaluée sur les choix proposés."),
    )
    allow_other = models.BooleanField(_("proposer « Autre » avec précision"), default=False)
    min_choices = models.PositiveSmallIntegerField(_("choix minimum"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("choix maximum"), null=True, blank=True)
    scale_min = models.SmallIntegerField(_("échelle : de"), default=1)
    scale_max = models.SmallIntegerField(_("échelle : à"), default=5)
    scale_min_label = models.CharField(_("libellé du minimum"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("libellé du maximum"), max_length=60, blank=True)
    min_value = models.DecimalField(
        _("valeur minimale"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("valeur maximale"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("longueur maximale du texte"), null=True, blank=True, help_text=_("En caractères.")
    )
    max_keywords = models.PositiveSmallIntegerField(_("nombre maximum de mots-clés"), default=3)
    step_title = models.CharField(
        _("commence une nouvelle étape"),
        max_length=120,
        blank=True,
        help_text=_("Titre de l'étape qui commence à cette question (facultatif)."),
    )
    show_if_question = models.UUIDField(
        _("afficher seulement si la question"),
        null=True,
        blank=True,
        help_text=_("Une question précédente à choix, oui/non ou échelle."),
    )
    show_if_values = models.JSONField(
        _("a pour réponse"),
        default=list,
        blank=True,
        help_text=_("Au moins une de ces réponses (clés des choix)."),
    )

    panels = [
        FieldPanel("step_title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required"), FieldPanel("soft_required")]),
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("rows"),
        FieldRowPanel(
            [FieldPanel("allow_other"), FieldPanel("min_choices"), FieldPanel("max_choices")]
        ),
        FieldRowPanel(
            [
                FieldPanel("scale_min"),
                FieldPanel("scale_max"),
                FieldPanel("scale_min_label"),
                FieldPanel("scale_max_label"),
            ],
            heading=_("Échelle"),
        ),
        FieldRowPanel(
            [
                FieldPanel("min_value"),
                FieldPanel("max_value"),
                FieldPanel("max_length"),
                FieldPanel("max_keywords"),
            ],
            heading=_("Limites"),
        ),
        ShowIfPanel(),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        """Write the key once: an existing row keeps its stored key, a copy gets a new one."""
        model = type(self)
        stored = None
        if self.pk is not None:
            stored = model.objects.filter(pk=self.pk).values_list("key", flat=True).first()
        if stored is not None:
            self.key = stored
        elif model.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            # A copied question (Wagtail's page copy duplicates the row): a fresh identity.
            self.key = uuid.uuid4()
        super().save(*args, **kwargs)

    @property
    def kind_class(self):
        from surveys.kinds import kind_of

        return kind_of(self)

    def choice_items(self):
        """All the choices, archived ones included: [Choice(key, label, archived)]."""
        return self.kind_class.choices(self)

    def clean(self):
        super().clean()
        errors = {}
        self.kind_class.check_question(self, errors)
        if (
            self.min_choices is not None
            and self.max_choices is not None
            and self.max_choices < self.min_choices
        ):
            errors["max_choices"] = _("Le maximum doit être supérieur ou égal au minimum.")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value < self.min_value
        ):
            errors["max_value"] = _("Le maximum doit être supérieur ou égal au minimum.")
        if self.show_if_question:
            source = SurveyQuestion.objects.filter(
                key=self.show_if_question, page_id=self.page_id
            ).first()
            if source is None or not source.kind_class.conditionable or source.pk == self.pk:
                errors["show_if_question"] = _(
                    "Choisissez une question précédente à choix, oui/non ou échelle."
                )
            elif not self.show_if_values:
                errors["show_if_values"] = _("Choisissez au moins une réponse de cette question.")
        if self.pk is not None:
            self._refuse_removing_answered(errors)
        if errors:
            raise ValidationError(errors)

    def _refuse_removing_answered(self, errors):
        """A choice (or grid statement) that has answers may be archived, never removed."""
        from surveys.kinds import stream_choices, stream_rows

        stored = SurveyQuestion.objects.filter(pk=self.pk).first()
        if stored is None:
            return
        for field, keys_of, column in (
            ("choices", stream_choices, "choice"),
            ("rows", stream_rows, "row_key"),
        ):
            kept = {item.key for item in keys_of(getattr(self, field))}
            removed = {item.key: item.label for item in keys_of(getattr(stored, field))}
            removed = {key: label for key, label in removed.items() if key not in kept}
            if not removed:
                continue
            answered = set(
                Answer.objects.filter(
                    question_key=stored.key, **{f"{column}__in": list(removed)}
                ).values_list(column, flat=True)
            )
            if answered:
                labels = ", ".join(f"« {removed[key]} »" for key in removed if key in answered)
                errors[field] = _(
                    "Impossible de supprimer %(labels)s : des réponses y sont déjà attachées. "
                    "Cochez plutôt « archivé » pour ne plus le proposer."
                ) % {"labels": labels}

    @property
    def field_name(self):
        return f"q_{self.key.hex}"


class SurveyResponse(models.Model):
    """One submission. Identified surveys keep the user; anonymous ones keep no identity."""

    # Responses are data about a survey, not content using it: no entry per response in
    # Wagtail's reference index (two more queries in each submission's transaction).
    wagtail_reference_index_ignore = True

    survey = models.ForeignKey(
        SurveyPage,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("répondant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    # Set to the user's id only for identified one-response-per-person surveys: the unique
    # constraint below then refuses a second response, whatever the timing of the requests.
    once_key = models.BigIntegerField(null=True, blank=True, editable=False)
    # The hidden one-time token of the form that produced this response: a replayed post
    # (double click, back button) hits the unique constraint instead of making a duplicate.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    session = models.ForeignKey(
        "pages.ModuleSession",
        verbose_name=_("séance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("envoyée le"), db_index=True)
    submitted_on = models.DateField(_("jour d'envoi"), db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse à un questionnaire")
        verbose_name_plural = _("réponses aux questionnaires")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "once_key"], name="surveys_one_response_per_person"
            )
        ]

    def __str__(self):
        return f"{self.survey.title} – n° {self.pk}"

    def answer_lines(self):
        """(column, answer) pairs in the page's question order, for the admin."""
        from surveys.exports import answer_headers, response_rows

        questions = self.survey.ordered_questions()
        responses = SurveyResponse.objects.filter(pk=self.pk)
        row = next(response_rows(self.survey, questions, responses), None)
        headers = answer_headers(questions)
        if row is None or not headers:
            return []
        labels = [column.header for column in headers]
        return list(zip(labels, row[-len(headers) :], strict=True))

    def delete(self, *args, **kwargs):
        """Deleting one response takes its answers out of the survey's tallies too."""
        from surveys.submission import delete_responses

        delete_responses(SurveyResponse.objects.filter(pk=self.pk))
        return (1, {self._meta.label: 1})


class Answer(models.Model):
    """One value given to one question in one response (one row per chosen option/keyword)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question_key = models.UUIDField(db_index=True)
    # Grid questions: the statement's stable key (one row per statement answered).
    row_key = models.CharField(max_length=64, blank=True)
    # The choice's stable key (a ChoiceBlock id; "1".."n" for scales, oui/non/nsp), never its label.
    choice = models.CharField(max_length=255, blank=True)
    is_other = models.BooleanField(default=False)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    keyword = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        indexes = [
            models.Index(fields=["question_key", "choice"], name="surveys_answer_choice"),
            models.Index(fields=["question_key", "keyword"], name="surveys_answer_keyword"),
        ]

    def __str__(self):
        return self.choice or self.keyword or self.text[:60] or str(self.number or self.date)


class Participation(models.Model):
    """'This person has answered this anonymous survey': kept apart from the responses.

    No date, no sequential id (a random UUID key), no link to a response: nothing in the stored
    data relates a participation to the answers given.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("participation à un questionnaire anonyme")
        verbose_name_plural = _("participations aux questionnaires anonymes")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="surveys_one_participation")
        ]

    def __str__(self):
        return str(self.pk)


class SurveyDraft(models.Model):
    """Answers of an identified survey kept between steps ("Reprendre"): not a response."""

    wagtail_reference_index_ignore = True  # see SurveyResponse

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brouillon de réponse")
        verbose_name_plural = _("brouillons de réponse")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="surveys_one_draft")]

    def __str__(self):
        return f"{self.survey_id} – {self.user_id}"


class SurveyTally(models.Model):
    """Counts kept up to date in each response's transaction, per day and per session.

    ``question_key`` "" counts the survey's responses; ``value`` "" counts a question's
    respondents; otherwise ``value`` is a choice key, a scale or number value, a date or a
    normalised keyword (``shown``: a spelling people typed), ``total`` the sum of numbers.
    Rebuilt from the raw answers by ``manage.py rebuild_survey_tallies``.
    """

    wagtail_reference_index_ignore = True  # see SurveyResponse

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=32, blank=True)
    row_key = models.CharField(max_length=64, blank=True)
    value = models.CharField(max_length=255, blank=True)
    day = models.DateField()
    session_id = models.BigIntegerField(default=0)  # 0: no session
    count = models.BigIntegerField(default=0)
    total = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    shown = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("décompte")
        verbose_name_plural = _("décomptes")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_key", "row_key", "value", "day", "session_id"],
                name="surveys_one_tally",
            )
        ]

    def __str__(self):
        return f"{self.question_key}/{self.row_key}/{self.value}: {self.count}"
