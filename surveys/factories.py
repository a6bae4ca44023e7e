"""Factories and helpers for surveys: shared by the tests, the demo content and the benchmark."""

import factory
import wagtail_factories

from surveys.forms import rows_from_values
from surveys.kinds import OTHER_VALUE, choices_stream_data, rows_stream_data
from surveys.models import QuestionKind, SurveyIndexPage, SurveyPage, SurveyQuestion
from surveys.submission import save_many


class SurveyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurveyIndexPage

    title = "Questionnaires"
    slug = "questionnaires"
    visible_to_partners = True


class SurveyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurveyPage

    title = factory.Sequence(lambda n: f"Questionnaire {n}")
    slug = factory.Sequence(lambda n: f"questionnaire-{n}")
    audience = "both"
    results_visibility = "coordinators"
    thank_you_text = "<p>Merci pour votre participation.</p>"


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    page = factory.SubFactory(SurveyPageFactory)
    kind = QuestionKind.SINGLE
    label = factory.Sequence(lambda n: f"Question {n}")
    choices = factory.LazyFunction(lambda: choices_stream_data(["Oui", "Non"]))
    sort_order = factory.Sequence(lambda n: n)


def survey_index(parent):
    """The survey index under ``parent`` (the home page), created once."""
    existing = SurveyIndexPage.objects.child_of(parent).first()
    if existing is not None:
        return existing
    return SurveyIndexPageFactory(parent=parent)


def make_survey(parent, questions=(), **fields):
    """A live survey page under ``parent`` with ``questions`` (dicts of SurveyQuestion fields;
    ``choices`` and ``rows`` may be given as labels, one per line or as a list, and
    ``show_if`` as ``(question label, [answer labels])``)."""
    survey = SurveyPageFactory(parent=parent, **fields)
    created = []
    for order, question in enumerate(questions):
        question = dict(question)
        if isinstance(question.get("choices"), (str, list)):
            question["choices"] = choices_stream_data(question["choices"])
        if isinstance(question.get("rows"), (str, list)):
            question["rows"] = rows_stream_data(question["rows"])
        show_if = question.pop("show_if", None)
        if show_if:
            source = next(q for q in created if q.label == show_if[0])
            question["show_if_question"] = source.key
            question["show_if_values"] = [choice_key(source, label) for label in show_if[1]]
        created.append(SurveyQuestion.objects.create(page=survey, sort_order=order, **question))
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def choice_key(question, label):
    """The key of the question's choice (or scale value) read ``label``."""
    for choice in question.choice_items():
        if choice.label == str(label):
            return choice.key
    if label in ("Autre", OTHER_VALUE):
        return OTHER_VALUE
    raise KeyError(label)


def statement_key(question, label):
    return next(s.key for s in question.kind_class.statements(question) if s.label == label)


def value_from_labels(question, value):
    """A collected form value from what people read: choice labels instead of keys."""
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
        return choice_key(question, value)
    if kind == QuestionKind.MULTIPLE:
        return [choice_key(question, label) for label in value]
    if kind == QuestionKind.SCALE:
        return int(value)
    if kind == QuestionKind.GRID:
        return {
            statement_key(question, row): choice_key(question, column)
            for row, column in value.items()
        }
    return value


def rows_for(survey, values, questions=None):
    """Answer rows for ``values`` ({question label: value as read}), through the kinds."""
    questions = questions if questions is not None else survey.ordered_questions()
    by_label = {question.label: question for question in questions}
    return rows_from_values(
        questions,
        {by_label[label]: value_from_labels(by_label[label], v) for label, v in values.items()},
    )


def bulk_responses(survey, answer_sets, *, user_ids=None, start=None, step=None, batch_size=5000):
    """Insert one response per item of ``answer_sets``, in bulk, through the submission code.

    Items are ``{question label: value}`` dicts (choices by label), or lists of answer rows
    already made by the kinds. ``user_ids`` (same length) identifies respondents; response i
    is sent at ``start - i × step`` (see ``save_many``).
    """
    from django.contrib.auth import get_user_model

    questions = survey.ordered_questions()
    users = None
    if user_ids:
        found = get_user_model().objects.in_bulk(user_ids)
        users = [found.get(pk) for pk in user_ids]
    sets = (
        rows_for(survey, item, questions) if isinstance(item, dict) else item
        for item in answer_sets
    )
    return save_many(survey, sets, users=users, start=start, step=step, batch_size=batch_size)
