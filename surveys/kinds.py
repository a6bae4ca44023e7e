"""Question kinds: one class each, the only place that knows what a kind of question does.

A kind gives the question's form fields, validates and collects its value, writes its answer
rows, gives the initial value for editing, the tally entries counted for the results, the
results shown, the columns of the responses export and the lines of the results export.
Forms (surveys/forms.py), submission, results and exports dispatch to the kind: adding a kind
means adding a class here (and its label in ``QuestionKind``).
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.validators import EmailValidator
from django.db.models import Case, F, IntegerField, Max, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.exports import DATE, INTEGER, NUMBER, TEXT, Column
from surveys.choices import OTHER_LABEL, QuestionKind

OTHER_VALUE = "__autre__"
DEFAULT_SHORT_TEXT = 255
DEFAULT_LONG_TEXT = 5000
KEYWORD_MAX_LENGTH = 60

REQUIRED = gettext_lazy("Répondez à cette question.")
INVALID_CHOICE = gettext_lazy("Choisissez une des réponses proposées.")
NO_ANSWER = gettext_lazy("Sans réponse")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    archived: bool = False


def stream_choices(stream):
    """The choices of a ``choices`` StreamField: each block's id is the choice's key."""
    items = []
    for block in stream or []:
        value = block.value
        items.append(
            Choice(str(block.id), str(value.get("label", "")), bool(value.get("archived")))
        )
    return items


def stream_rows(stream):
    """The statements of a grid (``rows`` StreamField), keyed by block id."""
    return [Choice(str(block.id), str(block.value)) for block in stream or []]


def choices_stream_data(labels):
    """Raw StreamField data for new choices given as labels (ids are written on save)."""
    if isinstance(labels, str):
        labels = [line.strip() for line in labels.splitlines() if line.strip()]
    return [{"type": "choice", "value": {"label": label, "archived": False}} for label in labels]


def rows_stream_data(labels):
    if isinstance(labels, str):
        labels = [line.strip() for line in labels.splitlines() if line.strip()]
    return [{"type": "statement", "value": label} for label in labels]


def normalise_keyword(value):
    """Lower case, no accents, single inner spaces, no surrounding spaces or punctuation."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = " ".join(value.lower().split())
    return value.strip(" .,;:!?'\"«»-")


def french_sort_key(text):
    """French dictionary order: accents and case ignored first, then used to break ties
    ("écoute" between "confiance" and "vision", "Eté" next to "été")."""
    base = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in base if not unicodedata.combining(char)).casefold()
    return (base, text.casefold(), text)


def split_keywords(value):
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _number_value(number):
    return str(Decimal(number).quantize(Decimal("0.01")))


def _answered(value):
    return value not in (None, "", [], {})


class Kind:
    """What every kind does; subclasses change what differs."""

    name = None
    conditionable = False  # may be the source of a show-if condition
    multi_valued = False  # several answer rows per response
    template = "surveys/includes/question.html"
    grouped = False  # rendered as a fieldset of options

    # Editing ----------------------------------------------------------------------------

    def check_question(self, question, errors):
        """Add the editor's mistakes to ``errors`` (field name → message)."""

    def choices(self, question):
        return []

    def offered(self, question):
        return [choice for choice in self.choices(question) if not choice.archived]

    # Form ---------------------------------------------------------------------------------

    def form_fields(self, question):
        """(name, field) pairs; the first one is the question's own field."""
        field = self.field(question)
        field.label = question.label
        field.help_text = " ".join(
            part for part in (question.help_text, getattr(field, "hint", "")) if part
        )
        field.required = question.required
        field.error_messages["required"] = REQUIRED
        field.question = question
        return [(question.field_name, field)]

    def field(self, question):
        raise NotImplementedError

    def field_names(self, question):
        return [name for name, _field in self.form_fields(question)]

    def value(self, question, cleaned):
        return cleaned.get(question.field_name)

    def validate(self, question, value, cleaned):
        """(field name, message) errors beyond the field's own validation."""
        return []

    def is_answered(self, value):
        return _answered(value)

    def submitted_keys(self, question, data):
        """Raw submitted values (for show-if conditions), without validation."""
        if hasattr(data, "getlist"):
            return set(data.getlist(question.field_name))
        value = data.get(question.field_name)
        if isinstance(value, list):
            return {str(item) for item in value}
        return set() if value in (None, "") else {str(value)}

    # Storage -----------------------------------------------------------------------------

    def rows(self, question, value, cleaned=None):
        """Answer rows (dicts of Answer fields) for a collected value."""
        return [{"question_key": question.key, "text": str(value).strip()}]

    def initial(self, question, answers):
        return {question.field_name: answers[0].text}

    def tally(self, question, row):
        """(row_key, value, number, shown) counted for one answer row, or None."""
        return None

    # Results -----------------------------------------------------------------------------

    def build_result(self, result, counts):
        """Fill ``result`` from ``counts``: {(row_key, value): [count, total, shown]}."""

    def result_lines(self, result):
        yield [
            result.question.label,
            _("Réponses"),
            result.respondents,
            result.format_percent(result.respondents),
        ]
        yield [
            result.question.label,
            str(NO_ANSWER),
            result.no_answer,
            result.format_percent(result.no_answer),
        ]

    # Responses export --------------------------------------------------------------------

    # The cell type of the kind's export column (portal.exports): text unless said otherwise.
    export_type = TEXT

    def export_headers(self, question):
        """The kind's columns in the responses export, typed."""
        return [Column(question.label, self.export_type)]

    def export_columns(self, question, joined):
        """SQL expressions (grouped by response) giving this question's export cells."""
        here = Q(answers__question_key=question.key)
        return [joined(Case(When(here, then=F("answers__text")), output_field=TextField()))]


class ChoiceKind(Kind):
    """Single choice: one of the question's choices (plus "Autre" when offered)."""

    conditionable = True
    grouped = True
    allows_other = True

    def check_question(self, question, errors):
        if not self.offered(question):
            errors["choices"] = _("Indiquez au moins un choix proposé.")

    def choices(self, question):
        # Parsed once per question instance (a request's questions are loaded once).
        stream = question.choices
        cached = question.__dict__.get("_choices_cache")
        if cached is None or cached[0] is not stream:
            cached = question.__dict__["_choices_cache"] = (stream, stream_choices(stream))
        return cached[1]

    def _field_choices(self, question):
        options = [(choice.key, choice.label) for choice in self.offered(question)]
        if self.allows_other and question.allow_other:
            options.append((OTHER_VALUE, OTHER_LABEL))
        return options

    def field(self, question):
        return forms.ChoiceField(
            choices=self._field_choices(question),
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": INVALID_CHOICE},
        )

    def form_fields(self, question):
        fields = super().form_fields(question)
        if self.allows_other and question.allow_other:
            fields.append(
                (
                    question.field_name + "_autre",
                    forms.CharField(
                        label=_("Précisez « Autre »"),
                        required=False,
                        max_length=DEFAULT_SHORT_TEXT,
                        error_messages={"max_length": _("%(limit_value)d caractères au plus.")},
                    ),
                )
            )
        return fields

    def _values(self, value):
        return value if isinstance(value, list) else [value]

    def validate(self, question, value, cleaned):
        chose_other = (
            self.allows_other and question.allow_other and OTHER_VALUE in self._values(value)
        )
        if chose_other and not cleaned.get(question.field_name + "_autre", "").strip():
            return [(question.field_name + "_autre", _("Précisez votre réponse « Autre »."))]
        return []

    def rows(self, question, value, cleaned=None):
        other = (cleaned or {}).get(question.field_name + "_autre", "").strip()
        rows = []
        for key in self._values(value):
            if key == OTHER_VALUE:
                rows.append(
                    {
                        "question_key": question.key,
                        "choice": OTHER_VALUE,
                        "is_other": True,
                        "text": other,
                    }
                )
            else:
                rows.append({"question_key": question.key, "choice": key})
        return rows

    def initial(self, question, answers):
        initial = {question.field_name: answers[0].choice}
        others = [a.text for a in answers if a.is_other]
        if others:
            initial[question.field_name + "_autre"] = others[0]
        return initial

    def tally(self, question, row):
        return ("", row["choice"], None, "")

    def _labels(self, question):
        """(key, label) in the results' order: choices (archived ones too), then "Autre"."""
        labels = [(choice.key, choice.label) for choice in self.choices(question)]
        if self.allows_other and question.allow_other:
            labels.append((OTHER_VALUE, OTHER_LABEL))
        return labels

    def build_result(self, result, counts):
        question = result.question
        labels = self._labels(question)
        known = {key for key, _label in labels}
        # Answers stored under a key the question no longer has (a copied or migrated page)
        # stay visible under their stored value.
        extra = sorted(
            value for (row, value) in counts if row == "" and value and value not in known
        )
        extra_labels = [(value, OTHER_LABEL if value == OTHER_VALUE else value) for value in extra]
        for key, label in [*labels, *extra_labels]:
            result.add_bar(label, counts.get(("", key), (0,))[0])
        result.add_bar(str(NO_ANSWER), result.no_answer, is_no_answer=True)

    def result_lines(self, result):
        for bar in result.bars:
            yield [result.question.label, bar.label, bar.count, bar.percent]

    def export_columns(self, question, joined):
        here = Q(answers__question_key=question.key)
        whens = [
            When(answers__choice=key, then=Value(label)) for key, label in self._labels(question)
        ]
        if self.allows_other and question.allow_other:
            whens[-1] = When(
                answers__is_other=True,
                then=Concat(Value(OTHER_LABEL + " : "), "answers__text", output_field=TextField()),
            )
        label = Case(*whens, default=F("answers__choice"), output_field=TextField())
        return [
            joined(
                Case(When(here, then=label), output_field=TextField()),
                ordered=self.multi_valued,
            )
        ]


class MultipleKind(ChoiceKind):
    multi_valued = True

    def field(self, question):
        return forms.MultipleChoiceField(
            choices=self._field_choices(question),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": INVALID_CHOICE, "invalid_list": INVALID_CHOICE},
        )

    def value(self, question, cleaned):
        value = cleaned.get(question.field_name) or []
        # A choice sent twice (a hand-made post) counts once.
        return list(dict.fromkeys(value))

    def validate(self, question, value, cleaned):
        errors = super().validate(question, value, cleaned)
        if not value:
            return errors
        if question.min_choices and len(value) < question.min_choices:
            errors.append(
                (
                    question.field_name,
                    ngettext(
                        "Cochez au moins %(count)s réponse.",
                        "Cochez au moins %(count)s réponses.",
                        question.min_choices,
                    )
                    % {"count": question.min_choices},
                )
            )
        elif question.max_choices and len(value) > question.max_choices:
            errors.append(
                (
                    question.field_name,
                    ngettext(
                        "Cochez au plus %(count)s réponse.",
                        "Cochez au plus %(count)s réponses.",
                        question.max_choices,
                    )
                    % {"count": question.max_choices},
                )
            )
        return errors

    def initial(self, question, answers):
        initial = {question.field_name: [a.choice for a in answers]}
        others = [a.text for a in answers if a.is_other]
        if others:
            initial[question.field_name + "_autre"] = others[0]
        return initial

    def choice_hint(self, question):
        low, high = question.min_choices, question.max_choices
        if low and high:
            return _("Cochez de %(low)s à %(high)s réponses.") % {"low": low, "high": high}
        if high:
            return ngettext(
                "Cochez au plus %(count)s réponse.", "Cochez au plus %(count)s réponses.", high
            ) % {"count": high}
        if low:
            return ngettext(
                "Cochez au moins %(count)s réponse.", "Cochez au moins %(count)s réponses.", low
            ) % {"count": low}
        return ""


YES_NO = [
    ("oui", gettext_lazy("Oui")),
    ("non", gettext_lazy("Non")),
    ("nsp", gettext_lazy("Je ne sais pas")),
]


class YesNoKind(ChoiceKind):
    allows_other = False

    def check_question(self, question, errors):
        pass

    def choices(self, question):
        return [Choice(key, str(label)) for key, label in YES_NO]


class ScaleKind(ChoiceKind):
    """A value from scale_min to scale_max: counted per value, averaged."""

    export_type = INTEGER

    allows_other = False

    def check_question(self, question, errors):
        if question.scale_max <= question.scale_min:
            errors["scale_max"] = _("La fin de l'échelle doit dépasser son début.")

    def choices(self, question):
        return [
            Choice(str(value), str(value))
            for value in range(question.scale_min, question.scale_max + 1)
        ]

    def field(self, question):
        return forms.TypedChoiceField(
            choices=[(c.key, c.label) for c in self.choices(question)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": INVALID_CHOICE},
        )

    def rows(self, question, value, cleaned=None):
        return [{"question_key": question.key, "number": value, "choice": str(value)}]

    def initial(self, question, answers):
        return {question.field_name: int(answers[0].number)}

    def tally(self, question, row):
        return ("", row["choice"], row["number"], "")

    def build_result(self, result, counts):
        super().build_result(result, counts)
        total = sum(
            Decimal(counts.get(("", c.key), (0, 0))[1] or 0) for c in self.choices(result.question)
        )
        result.stats = {
            "mean": result.format_number(
                total / result.respondents if result.respondents else None
            ),
            "median": result.format_number(
                _median(
                    [
                        (int(c.key), counts.get(("", c.key), (0,))[0])
                        for c in self.choices(result.question)
                    ]
                )
            ),
        }

    def result_lines(self, result):
        yield from super().result_lines(result)
        yield [result.question.label, _("Moyenne"), result.stats["mean"], ""]
        yield [result.question.label, _("Médiane"), result.stats["median"], ""]

    def export_columns(self, question, joined):
        here = Q(answers__question_key=question.key)
        return [Cast(Max(Case(When(here, then="answers__number"))), IntegerField())]


class GridKind(Kind):
    """Several statements (rows, each with a stable key) rated on the question's choices."""

    template = "surveys/includes/question_grid.html"

    def check_question(self, question, errors):
        if not [c for c in stream_choices(question.choices) if not c.archived]:
            errors["choices"] = _("Indiquez les choix de l'échelle (colonnes de la grille).")
        if not stream_rows(question.rows):
            errors["rows"] = _("Indiquez au moins une affirmation.")

    def choices(self, question):
        return stream_choices(question.choices)

    def statements(self, question):
        return stream_rows(question.rows)

    def row_name(self, question, statement):
        return f"{question.field_name}_{statement.key.replace('-', '')}"

    def form_fields(self, question):
        options = [(c.key, c.label) for c in self.offered(question)]
        fields = []
        for statement in self.statements(question):
            field = forms.ChoiceField(
                choices=options,
                widget=forms.RadioSelect,
                required=question.required,
                label=statement.label,
                error_messages={"invalid_choice": INVALID_CHOICE, "required": REQUIRED},
            )
            field.question = question
            field.statement = statement
            fields.append((self.row_name(question, statement), field))
        return fields

    def value(self, question, cleaned):
        return {
            statement.key: cleaned[self.row_name(question, statement)]
            for statement in self.statements(question)
            if cleaned.get(self.row_name(question, statement))
        }

    def submitted_keys(self, question, data):
        return set()

    def rows(self, question, value, cleaned=None):
        return [
            {"question_key": question.key, "row_key": row, "choice": choice}
            for row, choice in value.items()
        ]

    def initial(self, question, answers):
        by_row = {a.row_key: a.choice for a in answers}
        return {
            self.row_name(question, statement): by_row[statement.key]
            for statement in self.statements(question)
            if statement.key in by_row
        }

    def tally(self, question, row):
        return (row["row_key"], row["choice"], None, "")

    def build_result(self, result, counts):
        columns = self.choices(result.question)
        result.grid = []
        for statement in self.statements(result.question):
            cells = []
            answered = 0
            for column in columns:
                n = counts.get((statement.key, column.key), (0,))[0]
                answered += n
                cells.append({"label": column.label, "count": n})
            missing = max(result.total - answered, 0)
            cells.append({"label": str(NO_ANSWER), "count": missing, "is_no_answer": True})
            for index, cell in enumerate(cells):
                cell["percent"] = result.format_percent(cell["count"])
                cell["ratio"] = cell["count"] / result.total if result.total else 0
                cell["index"] = index
            result.grid.append({"label": statement.label, "cells": cells})
        result.columns = [column.label for column in columns] + [str(NO_ANSWER)]

    def result_lines(self, result):
        for row in result.grid:
            for cell in row["cells"]:
                yield [
                    f"{result.question.label} – {row['label']}",
                    cell["label"],
                    cell["count"],
                    cell["percent"],
                ]

    def export_headers(self, question):
        return [Column(f"{question.label} – {s.label}", TEXT) for s in self.statements(question)]

    def export_columns(self, question, joined):
        labels = Case(
            *(When(answers__choice=c.key, then=Value(c.label)) for c in self.choices(question)),
            default=F("answers__choice"),
            output_field=TextField(),
        )
        return [
            joined(
                Case(
                    When(
                        Q(answers__question_key=question.key, answers__row_key=s.key),
                        then=labels,
                    ),
                    output_field=TextField(),
                )
            )
            for s in self.statements(question)
        ]


class TextKind(Kind):
    text = True
    default_limit = DEFAULT_SHORT_TEXT

    def widget(self):
        return forms.TextInput

    def field(self, question):
        return forms.CharField(
            max_length=question.max_length or self.default_limit,
            widget=self.widget(),
            error_messages={
                "max_length": _(
                    "Votre texte dépasse %(limit_value)d caractères (il en compte %(show_value)d)."
                )
            },
        )


class LongTextKind(TextKind):
    default_limit = DEFAULT_LONG_TEXT

    def widget(self):
        return forms.Textarea(attrs={"rows": 5})


class EmailKind(TextKind):
    def field(self, question):
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


class NumberKind(Kind):
    export_type = NUMBER

    def field(self, question):
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

    def rows(self, question, value, cleaned=None):
        return [{"question_key": question.key, "number": value}]

    def initial(self, question, answers):
        return {question.field_name: answers[0].number}

    def tally(self, question, row):
        return ("", _number_value(row["number"]), row["number"], "")

    def build_result(self, result, counts):
        values = sorted(
            (Decimal(value), entry[0], Decimal(entry[1] or 0))
            for (row, value), entry in counts.items()
            if row == "" and value and entry[0]
        )
        total = sum(entry[2] for entry in values)
        result.stats = {
            "mean": result.format_number(
                total / result.respondents if result.respondents else None
            ),
            "median": result.format_number(_median([(v, n) for v, n, _t in values]), 2),
            "low": result.format_number(values[0][0] if values else None, 2),
            "high": result.format_number(values[-1][0] if values else None, 2),
        }

    def result_lines(self, result):
        yield [result.question.label, _("Moyenne"), result.stats["mean"], ""]
        yield [result.question.label, _("Médiane"), result.stats["median"], ""]
        yield from super().result_lines(result)

    def export_columns(self, question, joined):
        return [Max(Case(When(Q(answers__question_key=question.key), then="answers__number")))]


class DateKind(Kind):
    export_type = DATE

    def field(self, question):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": _("Saisissez une date valide, par exemple 14/03/2025.")},
        )

    def rows(self, question, value, cleaned=None):
        return [{"question_key": question.key, "date": value}]

    def initial(self, question, answers):
        return {question.field_name: answers[0].date}

    def tally(self, question, row):
        return ("", row["date"].isoformat(), None, "")

    def build_result(self, result, counts):
        import datetime

        days = sorted(
            value for (row, value), entry in counts.items() if row == "" and value and entry[0]
        )
        result.stats = {
            "first": datetime.date.fromisoformat(days[0]) if days else None,
            "last": datetime.date.fromisoformat(days[-1]) if days else None,
        }

    def export_columns(self, question, joined):
        return [Max(Case(When(Q(answers__question_key=question.key), then="answers__date")))]


class KeywordsKind(Kind):
    multi_valued = True

    def field(self, question):
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

    def validate(self, question, value, cleaned):
        if not value:
            return []
        keywords = split_keywords(value)
        name = question.field_name
        if len(keywords) > question.max_keywords:
            return [
                (
                    name,
                    ngettext(
                        "Donnez au plus %(count)s mot-clé.",
                        "Donnez au plus %(count)s mots-clés.",
                        question.max_keywords,
                    )
                    % {"count": question.max_keywords},
                )
            ]
        if any(len(word) > KEYWORD_MAX_LENGTH for word in keywords):
            return [
                (
                    name,
                    _("Un mot-clé compte au plus %(count)s caractères.")
                    % {"count": KEYWORD_MAX_LENGTH},
                )
            ]
        if question.required and not any(normalise_keyword(w) for w in keywords):
            return [(name, str(REQUIRED))]
        return []

    def rows(self, question, value, cleaned=None):
        rows, seen = [], set()
        for word in split_keywords(value):
            normalised = normalise_keyword(word)
            if normalised and normalised not in seen:
                seen.add(normalised)
                rows.append({"question_key": question.key, "keyword": normalised, "text": word})
        return rows

    def initial(self, question, answers):
        return {question.field_name: ", ".join(a.text for a in answers)}

    def tally(self, question, row):
        return ("", row["keyword"], None, " ".join(row.get("text", "").lower().split())[:255])

    def build_result(self, result, counts, cloud_size=40):
        pairs = [
            (entry[2] or value, value, entry[0])
            for (row, value), entry in counts.items()
            if row == "" and value and entry[0]
        ]
        # Most cited first; equal counts in French order.
        pairs.sort(key=lambda item: (-item[2], french_sort_key(item[0])))
        top = pairs[:cloud_size]
        highest = top[0][2] if top else 0
        result.keywords = [
            {
                "keyword": shown,
                "normalised": normalised,
                "count": n,
                "weight": 1 + round(4 * (n - 1) / (highest - 1)) if highest > 1 else 3,
                "percent": result.format_percent(n),
            }
            for shown, normalised, n in top
        ]
        result.cloud = sorted(result.keywords, key=lambda item: french_sort_key(item["keyword"]))

    def result_lines(self, result):
        for item in result.keywords:
            yield [
                result.question.label,
                item["keyword"],
                item["count"],
                item["percent"],
                item["normalised"],
            ]

    def export_headers(self, question):
        return [
            Column(question.label, TEXT),
            Column(_("%(label)s (forme normalisée)") % {"label": question.label}, TEXT),
        ]

    def export_columns(self, question, joined):
        here = Q(answers__question_key=question.key)
        return [
            joined(
                Case(When(here, then=F("answers__text")), output_field=TextField()), ordered=True
            ),
            joined(
                Case(When(here, then=F("answers__keyword")), output_field=TextField()), ordered=True
            ),
        ]


def _median(pairs):
    """Median of (value, count) pairs, without expanding them."""
    pairs = sorted((Decimal(v), n) for v, n in pairs if n)
    count = sum(n for _v, n in pairs)
    if not count:
        return None
    low_target, high_target = (count + 1) // 2, count // 2 + 1
    low = high = None
    cumulative = 0
    for value, n in pairs:
        cumulative += n
        if low is None and cumulative >= low_target:
            low = value
        if high is None and cumulative >= high_target:
            high = value
            break
    return (low + high) / 2


KINDS = {
    QuestionKind.SINGLE: ChoiceKind(),
    QuestionKind.MULTIPLE: MultipleKind(),
    QuestionKind.YES_NO: YesNoKind(),
    QuestionKind.SCALE: ScaleKind(),
    QuestionKind.GRID: GridKind(),
    QuestionKind.SHORT_TEXT: TextKind(),
    QuestionKind.LONG_TEXT: LongTextKind(),
    QuestionKind.NUMBER: NumberKind(),
    QuestionKind.DATE: DateKind(),
    QuestionKind.EMAIL: EmailKind(),
    QuestionKind.KEYWORDS: KeywordsKind(),
}
for _name, _kind in KINDS.items():
    _kind.name = str(_name)


def kind_of(question):
    return KINDS[question.kind]
