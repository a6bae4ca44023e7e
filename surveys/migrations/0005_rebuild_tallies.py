"""Count the responses stored before tallies existed (surveys with no response: nothing to do).

Uses the live code on purpose (the kinds decide what is counted); the same recount is
``manage.py rebuild_survey_tallies``.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    Response = apps.get_model("surveys", "SurveyResponse")
    survey_ids = set(Response.objects.values_list("survey_id", flat=True).distinct())
    if not survey_ids:
        return
    from surveys import tallies
    from surveys.models import SurveyPage

    for survey in SurveyPage.objects.filter(pk__in=survey_ids):
        tallies.rebuild(survey)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_stable_choices_steps_tallies")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
