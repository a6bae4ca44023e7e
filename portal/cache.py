"""Small, invalidated caches for what every page shows: the user's roles and the main menu.

With REDIS_URL set the cache is shared by every app server, so an invalidation reaches them all;
with the default per-process cache, entries also expire after a short TTL.
"""

from django.core.cache import cache

ROLES_TTL = 300
# Without a shared cache (REDIS_URL), each process only sees its own invalidations: keep the
# site and menu entries short-lived so that other processes catch up within a minute.
MENU_TTL = 60
SITE_TTL = 60


def roles_key(user_id):
    return f"portal:roles:{user_id}"


def forget_roles(user_ids):
    cache.delete_many([roles_key(user_id) for user_id in user_ids])


def menu_version():
    return cache.get_or_set("portal:menu-version", 1, None)


def bump_menu_version():
    try:
        cache.incr("portal:menu-version")
    except ValueError:
        cache.set("portal:menu-version", 2, None)


SETTINGS_TTL = 60


def settings_key(site_id):
    return f"portal:settings:contact-email:{site_id}"


def forget_settings(site_id):
    cache.delete(settings_key(site_id))


def site_key(hostname, port):
    return f"portal:site:{menu_version()}:{hostname}:{port}"


VIEW_RESTRICTIONS_KEY = "portal:view-restrictions-exist"


def view_restrictions_exist():
    """Whether any Wagtail page view restriction exists (cached; forgotten on every change)."""
    from wagtail.models import PageViewRestriction

    return cache.get_or_set(VIEW_RESTRICTIONS_KEY, PageViewRestriction.objects.exists, MENU_TTL)


def forget_view_restrictions():
    cache.delete(VIEW_RESTRICTIONS_KEY)
