"""Caches shared by every reader of one audience (agents or partners): page fragments, menus,
home sections (the rule is in portal/cache.py).

Apart from portal/cache.py because they read the access rule (``audience``), which itself
caches the user's roles there: the cache keys stay below the access rule, this sits above it.
"""

from portal.access import audience
from portal.cache import cached, content_version


def content_key(request):
    """What a cached fragment varies on besides the page and the site: the content version and
    the reader's audience (the template tag skips previews)."""
    return f"{content_version()}:{audience(request.user) or 'none'}"


def cached_per_audience(request, name, compute):
    """``compute()``'s result, cached per audience (agents or partners) under the content
    version; computed afresh for an editor's preview. Memoised on the request too."""
    memo = request.__dict__.setdefault("_portal_audience_cache", {})
    if name not in memo:
        if getattr(request, "is_preview", False):
            memo[name] = compute()
        else:
            memo[name] = cached(f"{name}:{audience(request.user) or 'none'}", compute)
    return memo[name]
