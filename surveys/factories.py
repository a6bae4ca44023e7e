"""Factories and helpers for surveys: shared by the tests, the demo content and the benchmark."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

import factory
import wagtail_factories

from surveys.models import (
    Answer,
    QuestionKind,
    SurveyIndexPage,
    SurveyPage,
    SurveyQuestion,
    SurveyResponse,
)


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
    choices = "Oui\nNon"
    sort_order = factory.Sequence(lambda n: n)


def survey_index(parent):
    """The survey index under ``parent`` (the home page), created once."""
    existing = SurveyIndexPage.objects.child_of(parent).first()
    if existing is not None:
        return existing
    return SurveyIndexPageFactory(parent=parent)


def make_survey(parent, questions=(), **fields):
    """A live survey page under ``parent`` with ``questions`` (dicts of SurveyQuestion fields)."""
    survey = SurveyPageFactory(parent=parent, **fields)
    for order, question in enumerate(questions):
        SurveyQuestion.objects.create(page=survey, sort_order=order, **question)
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def bulk_responses(survey, answer_sets, *, user_ids=None, start=None, batch_size=5000):
    """Insert one response per item of ``answer_sets`` (lists of Answer field dicts), in bulk.

    ``user_ids`` (same length) identifies respondents of an identified survey. Used by the demo
    content and the benchmark; real respondents go through surveys.submission.save_response.
    """
    start = start or timezone.now()
    created = 0
    responses, answers_per_response = [], []

    def flush():
        nonlocal created
        with transaction.atomic():
            saved = SurveyResponse.objects.bulk_create(responses)
            Answer.objects.bulk_create(
                [
                    Answer(response=response, **row)
                    for response, rows in zip(saved, answers_per_response, strict=True)
                    for row in rows
                ],
                batch_size=batch_size,
            )
        created += len(saved)
        responses.clear()
        answers_per_response.clear()

    for index, rows in enumerate(answer_sets):
        when = start - datetime.timedelta(minutes=index)
        user_id = user_ids[index] if user_ids else None
        if survey.anonymous:
            when = timezone.localtime(when).replace(hour=0, minute=0, second=0, microsecond=0)
        responses.append(
            SurveyResponse(
                survey=survey,
                user_id=None if survey.anonymous else user_id,
                once_key=user_id if user_id and survey.one_response_per_person else None,
                form_token=uuid.uuid4(),
                submitted_at=when,
                submitted_on=timezone.localtime(when).date(),
            )
        )
        answers_per_response.append(rows)
        if len(responses) >= batch_size:
            flush()
    if responses:
        flush()
    return created
