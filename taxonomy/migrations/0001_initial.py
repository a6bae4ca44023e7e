"""Theme moves from the pages app: the model enters this app's state on its existing table.

State only: the table ``pages_theme``, its rows and the tables that link pages and network
records to themes stay as they are; no SQL runs.
"""

import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pages", "0005_sharing_session_date_optional_origin_event"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=80, unique=True, verbose_name="nom")),
                        (
                            "slug",
                            models.SlugField(
                                blank=True,
                                max_length=80,
                                unique=True,
                                verbose_name="identifiant d'URL",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thème",
                        "verbose_name_plural": "thèmes",
                        "ordering": ["name"],
                        "db_table": "pages_theme",
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
