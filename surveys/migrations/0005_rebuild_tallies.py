"""Formerly the tallies' first count, run here with the live code; that broke as soon as a later
migration added a column the live models read. Responses stored before tallies existed are now
counted after ``migrate`` has finished (surveys.models.responses.count_untallied_surveys,
connected to ``post_migrate``), with the complete schema. The same recount is
``manage.py rebuild_survey_tallies``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_stable_choices_steps_tallies")]

    operations = []
