"""Cache invalidation: role changes and page-tree changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.cache import (
    bump_menu_version,
    forget_roles,
    forget_settings,
    forget_view_restrictions,
)

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through)
def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # group.user_set changed
        user_ids = pk_set or set(instance.user_set.values_list("pk", flat=True))
        forget_roles(user_ids)
    else:
        forget_roles([instance.pk])


@receiver(pre_delete, sender=Group)
def group_deleted(sender, instance, **kwargs):
    forget_roles(instance.user_set.values_list("pk", flat=True))


@receiver(post_save, sender=Group)
def group_renamed(sender, instance, created, **kwargs):
    if not created:
        forget_roles(instance.user_set.values_list("pk", flat=True))


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def page_tree_changed(sender=None, **kwargs):
    bump_menu_version()


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    bump_menu_version()


def _shown_on_cached_pages(sender, instance):
    # post_save names the concrete page class as sender, so pages are recognised by instance;
    # other models shown inside cached page bodies say so with ``invalidates_page_cache``.
    return isinstance(instance, Page) or getattr(sender, "invalidates_page_cache", False)


@receiver(post_save)
def page_saved(sender, instance, **kwargs):
    if _shown_on_cached_pages(sender, instance):
        bump_menu_version()


@receiver(post_delete)
def shown_object_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) and _shown_on_cached_pages(sender, instance):
        bump_menu_version()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, **kwargs):
    bump_menu_version()


@receiver(post_save, sender="portal.PortalSettings")
def portal_settings_saved(sender, instance, **kwargs):
    forget_settings(instance.site_id)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restrictions_changed(sender, instance, **kwargs):
    forget_view_restrictions()
