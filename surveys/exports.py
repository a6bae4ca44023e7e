"""Rows of a survey's responses, read in chunks, for portal.exports (one row per response).

Columns: response number, submission date (day only for anonymous surveys), linked session when
the survey has one, the respondent for identified surveys, then one column per question in the
page's current order, matched by the question's stable key. Multiple answers (checked options,
keywords) are joined with `` | ``.

The columns depend on each survey's questions, so they are built here rather than in a static
django-import-export resource; formula neutralisation, streaming and the export log are
portal.exports' job.
"""

from django.utils import timezone

from surveys.models import QuestionKind, SurveyResponse

CHUNK_SIZE = 2000
JOINER = " | "


def has_session_field():
    return any(f.name == "session" for f in SurveyResponse._meta.get_fields())


def response_headers(survey, questions):
    headers = ["Réponse n°", "Date d'envoi"]
    if has_session_field():
        headers.append("Séance")
    if not survey.anonymous:
        headers += ["Identifiant", "Nom", "Adresse électronique"]
    headers += [question.label for question in questions]
    return headers


def _answer_value(question, answer):
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO):
        return f"{answer.choice} : {answer.text}" if answer.is_other else answer.choice
    if kind == QuestionKind.SCALE:
        return int(answer.number) if answer.number is not None else None
    if kind == QuestionKind.NUMBER:
        return answer.number
    if kind == QuestionKind.DATE:
        return answer.date
    if kind == QuestionKind.KEYWORDS:
        return answer.keyword
    return answer.text


def response_rows(survey, questions, responses, chunk_size=CHUNK_SIZE):
    """Yield one list per response; memory holds one chunk of responses and their answers."""
    from surveys.models import Answer

    with_session = has_session_field()
    by_key = {question.key: question for question in questions}
    position = {question.key: index for index, question in enumerate(questions)}
    response_fields = ["pk", "submitted_at", "user__username", "user__first_name"]
    response_fields += ["user__last_name", "user__email"]
    if with_session:
        response_fields.append("session__start")
    last_pk = 0
    base = responses.order_by("pk")
    while True:
        chunk = list(base.filter(pk__gt=last_pk).values_list(*response_fields)[:chunk_size])
        if not chunk:
            return
        last_pk = chunk[-1][0]
        cells = {row[0]: [[] for _ in questions] for row in chunk}
        answers = Answer.objects.filter(
            response_id__in=list(cells), question_key__in=list(by_key)
        ).order_by("pk")
        for answer in answers.only(
            "response_id", "question_key", "choice", "is_other", "number", "date", "text",
            "keyword",
        ):
            question = by_key[answer.question_key]
            cells[answer.response_id][position[answer.question_key]].append(
                _answer_value(question, answer)
            )
        for row in chunk:
            pk, submitted_at, username, first, last, email = row[:6]
            when = timezone.localtime(submitted_at)
            out = [pk, when.date() if survey.anonymous else when.replace(tzinfo=None)]
            if with_session:
                out.append(timezone.localtime(row[6]).replace(tzinfo=None) if row[6] else None)
            if not survey.anonymous:
                out += [username or "", f"{first or ''} {last or ''}".strip(), email or ""]
            for values in cells[pk]:
                if not values:
                    out.append(None)
                elif len(values) == 1:
                    out.append(values[0])
                else:
                    out.append(JOINER.join(str(value) for value in values))
            yield out
