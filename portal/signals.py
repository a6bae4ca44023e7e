"""Cache invalidation (the rule is in portal/cache.py): role changes, and the content version."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from portal.cache import bump_content_version, forget_roles

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
def page_changed(sender=None, **kwargs):
    bump_content_version()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def site_changed(sender, instance, **kwargs):
    bump_content_version()


@receiver(post_save, sender="portal.PortalSettings")
def portal_settings_saved(sender, instance, created, **kwargs):
    # Created empty on a site's first page view (for_site): nothing shown has changed then.
    if not created:
        bump_content_version()


def _shown_in_pages(sender, instance):
    # post_delete names the concrete page class as sender, so pages are recognised by instance.
    return isinstance(instance, Page) or sender in get_snippet_models()


@receiver(post_save)
def snippet_saved(sender, instance, **kwargs):
    if sender in get_snippet_models():
        bump_content_version()


@receiver(post_delete)
def page_or_snippet_deleted(sender, instance, **kwargs):
    if _shown_in_pages(sender, instance):
        bump_content_version()
