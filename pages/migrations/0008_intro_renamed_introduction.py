"""One name per concept: the index pages' ``intro`` is ``introduction`` (data kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0007_remove_eventworkshop_experience")]

    operations = [
        migrations.RenameField(model_name=model, old_name="intro", new_name="introduction")
        for model in (
            "eventindexpage",
            "methodindexpage",
            "seasonindexpage",
            "sharingsessionindexpage",
            "workshopreportindexpage",
        )
    ]
