"""Survey responses, their answers, and the per-survey tallies kept from them.

Responses are stored so that SQL can aggregate them (one typed row per answer).

Tallies: one SurveyTally row per (question, statement, value, day, session). Each kind says what
one answer row counts (``Kind.tally``); a response also counts once for the survey ("" question)
and once per question it answered ("" value). Adding uses an upsert (``count = count + n``), so
concurrent responses add up under the database's row locks. The bookkeeping lives here, with the
models it keeps consistent: deleting a response takes it out of the tallies
(:meth:`SurveyResponse.delete`).
"""

import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyResponse(models.Model):
    """One submission. Identified surveys keep the user; anonymous ones keep no identity."""

    # Responses are data about a survey, not content using it: no entry per response in
    # Wagtail's reference index (two more queries in each submission's transaction).
    wagtail_reference_index_ignore = True

    survey = models.ForeignKey(
        "surveys.SurveyPage",
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

    def delete(self, *args, **kwargs):
        """Deleting one response takes its answers out of the survey's tallies too."""
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
    survey = models.ForeignKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="+")
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

    survey = models.ForeignKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="+")
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

    survey = models.ForeignKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="+")
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


# Tallies -----------------------------------------------------------------------------------------

ANSWER_FIELDS = (
    "question_key",
    "row_key",
    "choice",
    "is_other",
    "number",
    "date",
    "text",
    "keyword",
)


class SurveyReminder(models.Model):
    """The one reminder of a survey, sent by a coordinator to the people who had not answered
    (surveys/reminders.py): who asked for it, when, to how many people."""

    survey = models.ForeignKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("personnes à relancer"))
    # Anonymous survey without a "has answered" marker: the whole audience, politely.
    to_everyone = models.BooleanField(_("envoyé à tout le public"), default=False)
    sent_count = models.PositiveIntegerField(_("courriels envoyés"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rappel d'un questionnaire")
        verbose_name_plural = _("rappels des questionnaires")
        constraints = [
            # One reminder per survey, whatever the timing of two coordinators' clicks.
            models.UniqueConstraint(fields=["survey"], name="surveys_one_reminder")
        ]

    def __str__(self):
        return f"{self.survey_id} – {self.created_at:%Y-%m-%d}"


def response_entries(questions_by_key, rows):
    """{(question_key hex, row_key, value): [count, total, shown]} for one response's rows."""
    entries = defaultdict(lambda: [0, Decimal(0), ""])
    entries[("", "", "")][0] += 1
    answered = set()
    for row in rows:
        question = questions_by_key.get(row["question_key"])
        if question is None:
            continue
        key = question.key.hex
        answered.add(key)
        counted = question.kind_class.tally(question, row)
        if counted is None:
            continue
        row_key, value, number, shown = counted
        entry = entries[(key, row_key, str(value))]
        entry[0] += 1
        if number is not None:
            entry[1] += Decimal(number)
        if shown and not entry[2]:
            entry[2] = shown
    for key in answered:
        entries[(key, "", "")][0] += 1
    return entries


def add(survey_id, day, session_id, entries, sign=1):
    """Add (sign=1) or take away (sign=-1) entries in the survey's tallies, in one statement."""
    if not entries:
        return
    with connection.cursor() as cursor:
        cursor.execute(*upsert_statement(survey_id, day, session_id, entries, sign))


def upsert_statement(survey_id, day, session_id, entries, sign=1):
    """The one ``INSERT … ON CONFLICT DO UPDATE`` adding ``entries``, as (sql, params)."""
    table = SurveyTally._meta.db_table
    values, params = [], []
    for (question_key, row_key, value), (count, total, shown) in entries.items():
        values.append("(%s, %s, %s, %s, %s, %s, %s, %s, %s)")
        params += [
            survey_id,
            question_key,
            row_key,
            value[:255],
            day,
            session_id or 0,
            sign * count,
            sign * total,
            shown[:255],
        ]
    sql = (
        f"INSERT INTO {table} (survey_id, question_key, row_key, value, day, session_id, "
        f"count, total, shown) VALUES {', '.join(values)} "
        "ON CONFLICT (survey_id, question_key, row_key, value, day, session_id) DO UPDATE SET "
        f"count = {table}.count + excluded.count, total = {table}.total + excluded.total, "
        f"shown = CASE WHEN {table}.shown = '' THEN excluded.shown ELSE {table}.shown END"
    )
    return sql, params


def questions_by_key(survey):
    return {question.key: question for question in survey.questions.all()}


def answers_by_response(responses):
    """{response pk: [answer row dicts]} for a queryset of responses (one query)."""
    rows = defaultdict(list)
    for values in (
        Answer.objects.filter(response__in=responses)
        .order_by("response_id", "pk")
        .values("response_id", *ANSWER_FIELDS)
        .iterator(chunk_size=5000)
    ):
        rows[values.pop("response_id")].append(values)
    return rows


def grouped_entries(survey, responses):
    """Entries of many responses, grouped by (day, session): {(day, session): entries}."""
    by_key = questions_by_key(survey)
    answers = answers_by_response(responses)
    groups = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0), ""]))
    for pk, day, session_id in responses.order_by().values_list("pk", "submitted_on", "session_id"):
        target = groups[(day, session_id or 0)]
        for entry_key, (count, total, shown) in response_entries(
            by_key, answers.get(pk, [])
        ).items():
            entry = target[entry_key]
            entry[0] += count
            entry[1] += total
            if shown and not entry[2]:
                entry[2] = shown
    return groups


def subtract_responses(survey_id, responses):
    """Take a queryset of one survey's responses out of its tallies (before deleting them)."""
    # The survey page model, reached through the foreign key: pages.py sits above this module.
    survey = SurveyResponse.survey.field.related_model.objects.get(pk=survey_id)
    for (day, session_id), entries in grouped_entries(survey, responses).items():
        add(survey_id, day, session_id, entries, sign=-1)


@transaction.atomic
def rebuild(survey):
    """Recount the survey's tallies from its raw answers."""
    SurveyTally.objects.filter(survey=survey).delete()
    responses = SurveyResponse.objects.filter(survey=survey)
    for (day, session_id), entries in grouped_entries(survey, responses).items():
        add(survey.pk, day, session_id, entries)


def snapshot(survey):
    """The survey's non-zero tallies as a dict, to compare with a recount."""
    return {
        (t.question_key, t.row_key, t.value, t.day, t.session_id): (t.count, t.total)
        for t in SurveyTally.objects.filter(survey=survey).exclude(count=0)
    }


def delete_responses(responses):
    """Delete responses (a queryset) and take them out of their surveys' tallies."""
    with transaction.atomic():
        for survey_id in set(responses.values_list("survey_id", flat=True)):
            subtract_responses(survey_id, responses.filter(survey_id=survey_id))
        return responses.delete()


def count_untallied_surveys(sender=None, **kwargs):
    """After ``migrate``: count the surveys whose responses were stored before tallies existed
    (responses, but no tally at all). Connected to ``post_migrate`` by the app; cheap when
    every survey is counted already."""
    untallied = (
        SurveyResponse.objects.exclude(survey__in=SurveyTally.objects.values("survey"))
        .values_list("survey", flat=True)
        .distinct()
    )
    # The survey page model, reached through the foreign key: pages.py sits above this module.
    survey_model = SurveyResponse.survey.field.related_model
    for survey in survey_model.objects.filter(pk__in=list(untallied)):
        rebuild(survey)
