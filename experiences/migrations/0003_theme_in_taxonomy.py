"""Themes are now owned by the taxonomy app: state only (the link tables stay as they are)."""

import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0002_import_runs_and_confirmed_on"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", to="taxonomy.theme", verbose_name="thématiques"
                    ),
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", to="taxonomy.theme", verbose_name="thématiques"
                    ),
                ),
                migrations.AlterField(
                    model_name="experiencepage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="+", to="taxonomy.theme", verbose_name="thématiques"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
