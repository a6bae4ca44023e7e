"""One name per concept: the survey pages' ``intro`` is ``introduction`` (data kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_example_responses_note")]

    operations = [
        migrations.RenameField(model_name=model, old_name="intro", new_name="introduction")
        for model in ("surveyindexpage", "surveypage")
    ]
