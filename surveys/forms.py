"""The answer form, built from a survey's questions (one ``create_<kind>_field`` per type).

Field names come from each question's stable key (``q_<hex>``), never from its label.
"""

import unicodedata
import uuid

from django import forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from surveys.models import OTHER_LABEL, QuestionKind

OTHER_VALUE = "__autre__"
DEFAULT_SHORT_TEXT = 255
DEFAULT_LONG_TEXT = 5000
KEYWORD_MAX_LENGTH = 60

REQUIRED = gettext_lazy("Répondez à cette question.")
INVALID_CHOICE = gettext_lazy("Choisissez une des réponses proposées.")


def session_label(session):
    place = f" ({session.place})" if session.place else ""
    return f"{session.when}{place}"


def normalise_keyword(value):
    """Lower case, no accents, single inner spaces, no surrounding spaces or punctuation."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = " ".join(value.lower().split())
    return value.strip(" .,;:!?'\"«»-")


def split_keywords(value):
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


INVALID_TOKEN = gettext_lazy(
    "Ce formulaire a été modifié ou n'est plus valable : vos réponses sont ci-dessous, "
    "vérifiez-les puis envoyez-les à nouveau."
)


class SurveyForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions, sessions=None, ask_session=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if not self.is_bound:
            self.fields["form_token"].initial = uuid.uuid4()
        if sessions is not None:
            # The session evaluated: chosen by the respondent, or carried by ?seance=<id>.
            field = forms.ModelChoiceField(
                queryset=sessions,
                required=ask_session,
                label=_("Séance à laquelle vous avez participé"),
                empty_label=_("Choisissez une séance"),
                widget=forms.Select if ask_session else forms.HiddenInput,
                error_messages={
                    "required": _("Indiquez votre séance."),
                    "invalid_choice": _("Cette séance ne correspond pas au questionnaire."),
                },
            )
            field.label_from_instance = session_label
            self.fields["seance"] = field
        for question in questions:
            field = getattr(self, f"create_{question.kind}_field")(question)
            field.label = question.label
            field.help_text = " ".join(
                part for part in (question.help_text, getattr(field, "hint", "")) if part
            )
            field.required = question.required
            field.error_messages["required"] = REQUIRED
            field.question = question
            self.fields[question.field_name] = field
            if question.allow_other and question.kind in (
                QuestionKind.SINGLE,
                QuestionKind.MULTIPLE,
            ):
                self.fields[question.field_name + "_autre"] = forms.CharField(
                    label=_("Précisez « Autre »"),
                    required=False,
                    max_length=DEFAULT_SHORT_TEXT,
                    error_messages={"max_length": _("%(limit_value)d caractères au plus.")},
                )

    # Field factories ----------------------------------------------------------------------

    def _choices(self, question):
        choices = [(label, label) for label in question.choice_list()]
        if question.allow_other:
            choices.append((OTHER_VALUE, OTHER_LABEL))
        return choices

    def create_single_field(self, question):
        return forms.ChoiceField(
            choices=self._choices(question),
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": INVALID_CHOICE},
        )

    def create_multiple_field(self, question):
        return forms.MultipleChoiceField(
            choices=self._choices(question),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": INVALID_CHOICE, "invalid_list": INVALID_CHOICE},
        )

    def create_yes_no_field(self, question):
        return self.create_single_field(question)

    def create_scale_field(self, question):
        return forms.TypedChoiceField(
            choices=[(value, value) for value in question.choice_list()],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": INVALID_CHOICE},
        )

    def _text_field(self, question, default_limit, widget):
        limit = question.max_length or default_limit
        return forms.CharField(
            max_length=limit,
            widget=widget,
            error_messages={
                "max_length": _(
                    "Votre texte dépasse %(limit_value)d caractères (il en compte %(show_value)d)."
                )
            },
        )

    def create_short_text_field(self, question):
        return self._text_field(question, DEFAULT_SHORT_TEXT, forms.TextInput)

    def create_long_text_field(self, question):
        return self._text_field(question, DEFAULT_LONG_TEXT, forms.Textarea(attrs={"rows": 5}))

    def create_number_field(self, question):
        messages = {"invalid": _("Saisissez un nombre, par exemple 12 ou 3,5.")}
        if question.min_value is not None:
            messages["min_value"] = _("Saisissez un nombre supérieur ou égal à %(limit_value)s.")
        if question.max_value is not None:
            messages["max_value"] = _("Saisissez un nombre inférieur ou égal à %(limit_value)s.")
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=14,
            decimal_places=2,
            localize=True,
            error_messages={
                **messages,
                "max_decimal_places": _("Deux chiffres après la virgule au plus."),
                "max_digits": _("Ce nombre est trop grand."),
                "max_whole_digits": _("Ce nombre est trop grand."),
            },
        )

    def create_date_field(self, question):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": _("Saisissez une date valide, par exemple 14/03/2025.")},
        )

    def create_email_field(self, question):
        return forms.CharField(
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            validators=[
                EmailValidator(
                    message=_("Saisissez une adresse électronique valide, comme nom@example.org.")
                )
            ],
            error_messages={"max_length": _("Cette adresse est trop longue.")},
        )

    def create_keywords_field(self, question):
        if question.max_keywords > 1:
            hint = _("Jusqu'à %(count)s mots-clés, séparés par des virgules.") % {
                "count": question.max_keywords
            }
        else:
            hint = _("Un seul mot-clé.")
        field = forms.CharField(
            max_length=question.max_keywords * (KEYWORD_MAX_LENGTH + 2),
            error_messages={"max_length": _("Votre saisie est trop longue.")},
        )
        field.hint = hint
        return field

    def steps(self):
        """Questions grouped into the survey's steps: [{"title", "number", "fields"}]."""
        steps = []
        for question in self.questions:
            if question.step_title or not steps:
                steps.append({"title": question.step_title, "fields": []})
            other = self.fields.get(question.field_name + "_autre")
            steps[-1]["fields"].append(
                (self[question.field_name], self[question.field_name + "_autre"] if other else None)
            )
        for number, step in enumerate(steps, start=1):
            step["number"] = number
        return steps

    # Validation ---------------------------------------------------------------------------

    def reject_token(self):
        """The form's hidden token is unusable (altered, or another survey's): say so, and
        give the re-shown form a fresh token so that sending it again works."""
        self.add_error(None, INVALID_TOKEN)
        self.data = self.data.copy()
        self.data["form_token"] = str(uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        if self.errors.pop("form_token", None):
            self.reject_token()
        for question in self.questions:
            name = question.field_name
            if name not in cleaned:
                continue
            value = cleaned[name]
            if question.kind == QuestionKind.MULTIPLE and value:
                # A choice sent twice (a hand-made post) counts once.
                value = cleaned[name] = list(dict.fromkeys(value))
                if question.min_choices and len(value) < question.min_choices:
                    self.add_error(
                        name,
                        ngettext(
                            "Cochez au moins %(count)s réponse.",
                            "Cochez au moins %(count)s réponses.",
                            question.min_choices,
                        )
                        % {"count": question.min_choices},
                    )
                elif question.max_choices and len(value) > question.max_choices:
                    self.add_error(
                        name,
                        ngettext(
                            "Cochez au plus %(count)s réponse.",
                            "Cochez au plus %(count)s réponses.",
                            question.max_choices,
                        )
                        % {"count": question.max_choices},
                    )
            if question.kind == QuestionKind.KEYWORDS and value:
                keywords = split_keywords(value)
                if len(keywords) > question.max_keywords:
                    self.add_error(
                        name,
                        _("Donnez au plus %(count)s mot(s)-clé(s).")
                        % {"count": question.max_keywords},
                    )
                elif any(len(word) > KEYWORD_MAX_LENGTH for word in keywords):
                    self.add_error(
                        name,
                        _("Un mot-clé compte au plus %(count)s caractères.")
                        % {"count": KEYWORD_MAX_LENGTH},
                    )
                elif question.required and not keywords:
                    self.add_error(name, REQUIRED)
            if question.allow_other and self._chose_other(value):
                other = cleaned.get(name + "_autre", "").strip()
                if not other:
                    self.add_error(name + "_autre", _("Précisez votre réponse « Autre »."))
        return cleaned

    @staticmethod
    def _chose_other(value):
        return value == OTHER_VALUE or (isinstance(value, list) and OTHER_VALUE in value)

    # Storage ------------------------------------------------------------------------------

    def answer_rows(self):
        """Typed values to store, as dicts of Answer fields (no database access)."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            key = question.key
            other = self.cleaned_data.get(question.field_name + "_autre", "").strip()
            kind = question.kind
            if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO, QuestionKind.MULTIPLE):
                for choice in value if isinstance(value, list) else [value]:
                    if choice == OTHER_VALUE:
                        rows.append(
                            {
                                "question_key": key,
                                "choice": OTHER_LABEL,
                                "is_other": True,
                                "text": other,
                            }
                        )
                    else:
                        rows.append({"question_key": key, "choice": choice})
            elif kind == QuestionKind.SCALE:
                rows.append({"question_key": key, "number": value, "choice": str(value)})
            elif kind == QuestionKind.NUMBER:
                rows.append({"question_key": key, "number": value})
            elif kind == QuestionKind.DATE:
                rows.append({"question_key": key, "date": value})
            elif kind == QuestionKind.KEYWORDS:
                seen = set()
                for word in split_keywords(value):
                    normalised = normalise_keyword(word)
                    if normalised and normalised not in seen:
                        seen.add(normalised)
                        rows.append({"question_key": key, "keyword": normalised, "text": word})
            else:
                rows.append({"question_key": key, "text": value.strip()})
        return rows


def initial_from_answers(questions, answers):
    """Initial form data from stored answers (to edit one's own response)."""
    by_key = {}
    for answer in answers:
        by_key.setdefault(answer.question_key, []).append(answer)
    initial = {}
    for question in questions:
        stored = by_key.get(question.key)
        if not stored:
            continue
        name = question.field_name
        kind = question.kind
        if kind == QuestionKind.MULTIPLE:
            initial[name] = [OTHER_VALUE if a.is_other else a.choice for a in stored]
        elif kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            initial[name] = OTHER_VALUE if stored[0].is_other else stored[0].choice
        elif kind == QuestionKind.SCALE:
            initial[name] = int(stored[0].number)
        elif kind == QuestionKind.NUMBER:
            initial[name] = stored[0].number
        elif kind == QuestionKind.DATE:
            initial[name] = stored[0].date
        elif kind == QuestionKind.KEYWORDS:
            initial[name] = ", ".join(a.text for a in stored)
        else:
            initial[name] = stored[0].text
        others = [a.text for a in stored if a.is_other]
        if others:
            initial[name + "_autre"] = others[0]
    return initial
