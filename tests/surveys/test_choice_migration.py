"""The data migration moving answers from choice labels to choice keys."""

import uuid

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

BEFORE = [("surveys", "0003_response_session")]


@pytest.mark.django_db(transaction=True)
def test_answers_move_from_labels_to_choice_keys(home_page):
    from surveys.factories import make_survey, survey_index

    index = make_survey(survey_index(home_page))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Question = old.get_model("surveys", "SurveyQuestion")
    Response = old.get_model("surveys", "SurveyResponse")
    Answer = old.get_model("surveys", "Answer")
    single, yes_no = uuid.uuid4(), uuid.uuid4()
    Question.objects.create(
        page_id=index.pk,
        sort_order=0,
        key=single,
        kind="single",
        label="Utile ?",
        choices="Oui\nNon",
    )
    Question.objects.create(
        page_id=index.pk, sort_order=1, key=yes_no, kind="yes_no", label="Revenir ?"
    )
    import datetime

    day = datetime.date(2025, 6, 30)
    for label in ["Oui", "Oui", "Peut-être"]:
        response = Response.objects.create(
            survey_id=index.pk,
            submitted_at=datetime.datetime(2025, 6, 30, tzinfo=datetime.UTC),
            submitted_on=day,
        )
        Answer.objects.create(response=response, question_key=single, choice=label)
        Answer.objects.create(response=response, question_key=yes_no, choice="Non")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Forward to the latest migration: the database must end where the other tests expect it.
    executor.migrate(executor.loader.graph.leaf_nodes("surveys"))
    from surveys.models import Answer as NewAnswer
    from surveys.models import SurveyQuestion

    question = SurveyQuestion.objects.get(key=single)
    items = {item.label: item for item in question.choice_items()}
    assert list(items) == ["Oui", "Non", "Peut-être"]
    assert items["Peut-être"].archived and not items["Oui"].archived
    stored = list(NewAnswer.objects.filter(question_key=single).values_list("choice", flat=True))
    assert sorted(stored) == sorted([items["Oui"].key] * 2 + [items["Peut-être"].key])
    assert set(NewAnswer.objects.filter(question_key=yes_no).values_list("choice", flat=True)) == {
        "non"
    }
    # Responses stored before tallies existed are counted once migrate has finished (the
    # complete schema: a later migration adds columns that the live code reads).
    from surveys.models import SurveyTally

    assert not SurveyTally.objects.filter(survey_id=index.pk).exists()
    call_command("migrate", verbosity=0)

    assert SurveyTally.objects.get(survey_id=index.pk, question_key="", value="").count == 3
