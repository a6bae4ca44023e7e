"""Survey questions (the survey page is ``pages.py``, the responses ``responses.py``).

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
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from surveys.choices import QuestionKind
from surveys.kinds import kind_of, stream_choices, stream_rows

from .responses import Answer


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
    page = ParentalKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="questions")
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
