"""The workshop row no longer stores its experience page: the experience page stores the link
(its event and workshop), copied there by experiences.0004."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_theme_in_taxonomy"),
        ("experiences", "0004_event_link_on_experience_page"),
    ]

    operations = [
        migrations.RemoveField(model_name="eventworkshop", name="experience"),
    ]
