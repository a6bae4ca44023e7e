"""The themes' content type follows the model to this app, so that the permissions granted on
themes, their admin history and search entries stay attached to them (no-op on a new database,
where the content type is created afterwards under this app)."""

from django.db import migrations


def rename_content_type(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="theme").exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model="theme").update(app_label=new)


def forwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, "pages", "taxonomy")


def backwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, "taxonomy", "pages")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
