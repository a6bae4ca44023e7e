"""Questions keep their identity across renames, reorders, revisions; copies get new ones."""

from wagtail.actions.copy_page import CopyPageAction

import pytest

from surveys.models import SurveyPage, SurveyQuestion
from surveys.results import compute_results
from tests.surveys.conftest import choice as pick
from tests.surveys.conftest import field

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": "single", "label": "Utile ?", "choices": "Oui\nNon"},
    {"kind": "short_text", "label": "Pourquoi ?"},
]


def _answer(client, survey, choice="Oui", why="Parce que"):
    data = {
        field(survey, "Utile ?"): pick(survey, "Utile ?", choice),
        field(survey, "Pourquoi ?"): why,
    }
    assert client.post(survey.url, data).status_code == 302


def _edit_in_editor(survey, change):
    """Change the page as the editor would (through a revision) and publish it."""
    draft = survey.get_latest_revision_as_object()
    change(draft)
    draft.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def test_rename_reorder_and_add_keep_earlier_answers_attached(client_as, build_survey):
    survey = build_survey(QUESTIONS, one_response_per_person=False)
    client = client_as("agent")
    _answer(client, survey)
    keys_before = {q.label: q.key for q in survey.questions.all()}

    def change(draft):
        questions = list(draft.questions.all())
        questions[0].label = "Cet atelier vous a-t-il été utile ?"
        questions[0].sort_order, questions[1].sort_order = 1, 0
        questions.append(SurveyQuestion(kind="yes_no", label="Reviendrez-vous ?", sort_order=2))
        draft.questions = questions

    survey = _edit_in_editor(survey, change)
    renamed = survey.questions.get(label="Cet atelier vous a-t-il été utile ?")
    assert renamed.key == keys_before["Utile ?"]
    assert [q.label for q in survey.ordered_questions()][0] == "Pourquoi ?"
    results = compute_results(survey, survey.ordered_questions())
    by_label = {r.question.label: r for r in results.questions}
    oui = by_label["Cet atelier vous a-t-il été utile ?"].bars[0]
    assert (oui.label, oui.count) == ("Oui", 1)
    assert by_label["Reviendrez-vous ?"].no_answer == 1


def test_publishing_an_old_revision_never_rewrites_a_key(build_survey):
    survey = build_survey(QUESTIONS)
    question = survey.questions.first()
    old_key = question.key
    revision = survey.latest_revision
    SurveyQuestion.objects.filter(pk=question.pk).update(label="Nouveau libellé")
    revision.publish()
    assert SurveyQuestion.objects.get(pk=question.pk).key == old_key


def test_deleted_then_restored_question_gets_its_answers_back(client_as, build_survey):
    survey = build_survey(QUESTIONS)
    _answer(client_as("agent"), survey)
    first_revision = survey.latest_revision
    key = survey.questions.get(label="Utile ?").key
    survey = _edit_in_editor(
        survey, lambda draft: setattr(draft, "questions", list(draft.questions.all())[1:])
    )
    assert not survey.questions.filter(key=key).exists()
    first_revision.publish()
    survey = SurveyPage.objects.get(pk=survey.pk)
    assert survey.questions.get(label="Utile ?").key == key
    results = compute_results(survey, survey.ordered_questions())
    assert results.questions[0].bars[0].count == 1


@pytest.mark.parametrize("how", ["page.copy", "admin action"])
def test_copied_survey_gets_fresh_keys_and_keeps_them(build_survey, index_page, how):
    survey = build_survey(QUESTIONS)
    original_keys = set(survey.questions.values_list("key", flat=True))
    update = {"title": "Copie", "slug": "copie"}
    if how == "page.copy":
        copy = survey.copy(to=index_page, update_attrs=update)
    else:
        copy = CopyPageAction(survey, to=index_page, update_attrs=update).execute()
    copy = SurveyPage.objects.get(pk=copy.pk)
    copied = list(copy.questions.all())
    assert [q.label for q in copied] == ["Utile ?", "Pourquoi ?"]
    copied_keys = {q.key for q in copied}
    assert copied_keys.isdisjoint(original_keys)
    # The original is untouched…
    assert set(survey.questions.values_list("key", flat=True)) == original_keys
    # …and publishing the copy's (copied) revision keeps the copy's own keys.
    copy.get_latest_revision_as_object().save_revision().publish()
    assert set(SurveyPage.objects.get(pk=copy.pk).questions.values_list("key", flat=True)) == (
        copied_keys
    )


def test_field_names_come_from_keys_not_labels(build_survey):
    survey = build_survey(QUESTIONS)
    question = survey.questions.get(label="Utile ?")
    assert question.field_name == f"q_{question.key.hex}"
    assert "utile" not in question.field_name
