"""The event <-> experience link is stored on the experience page only (its event and its
workshop label); the event page derives, for each workshop row, the experience page presented
there. This copies the links that only the workshop rows held onto their experience pages,
before pages.0006 drops ``EventWorkshop.experience``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def label(workshop):
    text = f"Atelier {workshop.number}"
    return f"{text} / {workshop.room}" if workshop.room else text


def copy_links(apps, schema_editor):
    EventWorkshop = apps.get_model("pages", "EventWorkshop")
    ExperiencePage = apps.get_model("experiences", "ExperiencePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    rows = EventWorkshop.objects.exclude(experience=None).order_by("page_id", "sort_order", "pk")
    for workshop in rows:
        page = ExperiencePage.objects.filter(pk=workshop.experience_id).first()
        if page is None:
            continue
        changes = {}
        if page.event_id is None:
            changes["event_id"] = workshop.page_id
        if page.event_id in (None, workshop.page_id) and not page.workshop:
            changes["workshop"] = label(workshop)
        if not changes:
            # The page already names an event (an editor's choice): it stays.
            continue
        ExperiencePage.objects.filter(pk=page.pk).update(**changes)
        # The latest revision too, so that the next edit in the admin keeps the link.
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None:
            content = dict(revision.content)
            if "event_id" in changes:
                content["event"] = workshop.page_id
            if "workshop" in changes:
                content["workshop"] = changes["workshop"]
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0003_theme_in_taxonomy"),
        ("pages", "0006_theme_in_taxonomy"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="experiencepage",
            name="event",
            field=models.ForeignKey(
                blank=True,
                help_text="La journée ou l'événement où l'expérience a été présentée.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="presented_experiences",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="événement",
            ),
        ),
        migrations.AlterField(
            model_name="experiencepage",
            name="workshop",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Numéro et salle de l'atelier, par exemple « Atelier 1 / Salle Chardon » : "
                    "la page de l'événement relie son atelier de ce numéro à cette expérience."
                ),
                max_length=160,
                verbose_name="atelier",
            ),
        ),
        migrations.RunPython(copy_links, migrations.RunPython.noop),
    ]
