"""Theme moves to the taxonomy app: state only (its table ``pages_theme``, its rows and the
link tables stay as they are; no SQL runs)."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_sharing_session_date_optional_origin_event"),
        ("taxonomy", "0001_initial"),
        ("experiences", "0003_theme_in_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.AlterField(
                    model_name="methodpage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.AlterField(
                    model_name="modulepage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.AlterField(
                    model_name="sharingsessionpage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.AlterField(
                    model_name="workshopreportpage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="thèmes"
                    ),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        ),
    ]
