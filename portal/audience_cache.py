"""Caches shared by every reader of one audience (agents or partners): menus, home sections.

Apart from portal/cache.py because they read the access rule (``audience``), which itself
caches the user's roles there: the cache keys stay below the access rule, this sits above it.
"""

from django.core.cache import cache

from portal.access import audience
from portal.cache import MENU_TTL, menu_version


def audience_cache_key(request):
    """What an audience-level cache entry varies on: the page-tree version and the audience.

    ``None`` for an editor's preview, which shows a draft and must never be cached.
    """
    if getattr(request, "is_preview", False):
        return None
    return f"{menu_version()}:{audience(request.user) or 'none'}"


def cached_per_audience(request, name, compute):
    """``compute()``'s result, cached per audience (agents or partners) under the page-tree version.

    For data that every reader of the same audience sees alike (home sections, listings): any
    page save or publication invalidates it, and it expires after MENU_TTL seconds so that
    time-based selections (upcoming sessions) move on. Memoised on the request too.
    """
    memo = request.__dict__.setdefault("_portal_audience_cache", {})
    if name not in memo:
        variant = audience_cache_key(request)
        if variant is None:
            memo[name] = compute()
            return memo[name]
        memo[name] = cache.get_or_set(f"portal:audience:{name}:{variant}", compute, MENU_TTL)
    return memo[name]
