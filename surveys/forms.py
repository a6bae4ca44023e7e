"""The answer form, built from a survey's questions by their kinds (surveys/kinds.py).

Field names come from each question's stable key (``q_<hex>``), never from its label. Show-if
conditions are evaluated here, on the server: a hidden question is not required and its
answer is discarded, whatever the post contains.
"""

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = gettext_lazy("Répondez à au moins une question.")
INVALID_TOKEN = gettext_lazy(
    "Ce formulaire a été modifié ou n'est plus valable : vos réponses sont ci-dessous, "
    "vérifiez-les puis envoyez-les à nouveau."
)


def session_label(session):
    place = f" ({session.place})" if session.place else ""
    return f"{session.when}{place}"


def visible_keys(questions, data):
    """Keys of the questions shown for ``data`` (a QueryDict, or a dict of initial values).

    A question with a show-if condition is shown when its source question is shown and one of
    the source's submitted values is among the condition's values.
    """
    by_key = {question.key: question for question in questions}
    visible = set()
    for question in questions:
        source_key = question.show_if_question
        if source_key and source_key in by_key:
            source = by_key[source_key]
            if source.key not in visible:
                continue
            wanted = {str(value) for value in question.show_if_values or []}
            if not source.kind_class.submitted_keys(source, data) & wanted:
                continue
        visible.add(question.key)
    return visible


class SurveyForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, questions, sessions=None, ask_session=False, allow_empty=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.allow_empty = allow_empty
        self.soft_missing = []
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
        self.question_fields = {}
        for question in questions:
            names = []
            for name, field in question.kind_class.form_fields(question):
                self.fields[name] = field
                names.append(name)
            self.question_fields[question.key] = names
        self.visible = visible_keys(questions, self.data if self.is_bound else self.initial)
        for question in questions:
            if question.key not in self.visible:
                for name in self.question_fields[question.key]:
                    self.fields[name].required = False

    # Steps ---------------------------------------------------------------------------------

    def steps(self):
        """The survey's steps: [{"title", "number", "questions": [item…]}], where an item has
        the question, its bound fields, whether it is hidden and its show-if attributes."""
        steps = []
        by_key = {question.key: question for question in self.questions}
        for question in self.questions:
            if question.step_title or not steps:
                steps.append({"title": question.step_title, "questions": []})
            names = self.question_fields[question.key]
            kind = question.kind_class
            item = {
                "question": question,
                "kind": kind,
                "field": self[names[0]] if names else None,
                "fields": [self[name] for name in names],
                "other": self[question.field_name + "_autre"]
                if question.field_name + "_autre" in self.fields
                else None,
                "hidden": question.key not in self.visible,
                "hint": getattr(kind, "choice_hint", lambda q: "")(question),
            }
            source = by_key.get(question.show_if_question) if question.show_if_question else None
            if source is not None:
                item["show_if_field"] = source.field_name
                item["show_if_values"] = " ".join(str(v) for v in question.show_if_values or [])
            steps[-1]["questions"].append(item)
        for number, step in enumerate(steps, start=1):
            step["number"] = number
            step["names"] = [
                field.name for item in step["questions"] for field in item["fields"]
            ] + [item["other"].name for item in step["questions"] if item["other"]]
            step["shown"] = any(not item["hidden"] for item in step["questions"])
        return steps

    # Validation ----------------------------------------------------------------------------

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
        self.values = {}
        answered = False
        for question in self.questions:
            names = self.question_fields[question.key]
            if question.key not in self.visible:
                # Hidden by a show-if condition: whatever was posted for it is dropped.
                for name in [*names, question.field_name + "_autre"]:
                    self.errors.pop(name, None)
                    cleaned.pop(name, None)
                continue
            if any(name in self.errors for name in names):
                continue
            kind = question.kind_class
            value = kind.value(question, cleaned)
            for name, message in kind.validate(question, value, cleaned):
                self.add_error(name, message)
            if kind.is_answered(value):
                answered = True
                self.values[question.key] = value
            elif question.soft_required:
                self.soft_missing.append(question)
        if not answered and not self.allow_empty and not self.errors:
            self.add_error(None, EMPTY)
        return cleaned

    # Storage -------------------------------------------------------------------------------

    def answer_rows(self):
        """Typed values to store, as dicts of Answer fields (no database access)."""
        rows = []
        for question in self.questions:
            if question.key in self.values:
                rows += question.kind_class.rows(
                    question, self.values[question.key], self.cleaned_data
                )
        return rows


def initial_from_answers(questions, answers):
    """Initial form data from stored answers (to edit one's own response)."""
    by_key = {}
    for answer in answers:
        by_key.setdefault(answer.question_key, []).append(answer)
    initial = {}
    for question in questions:
        stored = by_key.get(question.key)
        if stored:
            initial.update(question.kind_class.initial(question, stored))
    return initial


def rows_from_values(questions, values):
    """Answer rows for ``values`` ({question: collected value}), through the kinds: used by
    the factories, the demo content and the benchmark, like the form's answer_rows."""
    rows = []
    for question in questions:
        if question in values and values[question] not in (None, "", [], {}):
            rows += question.kind_class.rows(question, values[question], {})
    return rows
