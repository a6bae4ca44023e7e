from django.db import migrations

TITLE = "Accueil"
HERO_TITLE = "Coopérer, ensemble, au service des habitants"


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page by the portal's home page and point the site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    locale = Locale.objects.order_by("pk").first()

    # Number the new child after any remaining children of the root (treebeard's path steps).
    last_child = Page.objects.filter(depth=2).order_by("-path").first()
    next_step = int(last_child.path[4:8], 36) + 1 if last_child else 1
    path = root.path + _to_base36(next_step).rjust(4, "0")

    home = HomePage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug="accueil",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
        hero_title=HERO_TITLE,
        hero_text="",
        visible_to_partners=True,
    )
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.site_name = "Coopérer"
        site.save()


def _to_base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
