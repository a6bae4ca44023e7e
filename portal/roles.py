"""The portal's four roles, as Django groups, and the permissions each one holds.

The groups are created by a data migration (portal/migrations/0001_roles.py). Their permissions
are (re)applied after every ``migrate`` by :func:`sync_role_permissions`, because Django only
creates permission rows once all migrations have run. Apps declare what their models grant to a
role with a ``role_permissions`` dict on their AppConfig.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

AGENTS = "Agents"
PARTNERS = "Partenaires"
COMMUNICATION = "Communication"
COORDINATION = "Coordination"

ROLES = {
    AGENTS: _("Agentes et agents : lisent le portail et répondent aux questionnaires."),
    PARTNERS: _("Partenaires : lisent ce qui est marqué visible par les partenaires."),
    COMMUNICATION: _("Communication : éditent et publient pages, images et documents."),
    COORDINATION: _("Coordination : lisent les résultats, exportent et importent les données."),
}

# Wagtail permissions that Communication holds on the whole page tree and media collections.
COMMUNICATION_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COMMUNICATION_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]


def ensure_groups():
    from django.contrib.auth.models import Group

    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def declared_role_permissions():
    """Merge the ``role_permissions`` declared by every installed app."""
    merged = {name: set() for name in ROLES}
    for config in global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged[role].update(perms)
    return merged


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Idempotently give each role the permissions it is declared to hold."""
    from django.contrib.auth.models import Permission

    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)

    groups = ensure_groups()
    for role, perms in declared_role_permissions().items():
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                groups[role].permissions.add(permission)

    communication = groups[COMMUNICATION]
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in COMMUNICATION_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=communication, page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codename in COMMUNICATION_COLLECTION_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=communication, collection=root_collection, permission=permission
                )
