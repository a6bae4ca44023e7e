"""The portal's caches: one content version, one timeout, one key per audience.

The rule (also in the README):

- What readers see of the content is cached per audience (``portal.access.audience``: agents,
  partners) under ONE content version: page bodies and listings with Wagtail's own
  ``{% wagtailpagecache CACHE_TTL "name" content_key %}`` (it keys on the page and the site and
  skips previews), and shared data (menu, home sections, the Wagtail site, site settings,
  "does any view restriction exist") with ``cached()`` / ``cached_per_audience()``.
- The content version is bumped (portal/signals.py) when a page is published, unpublished,
  moved or deleted, and when a Wagtail snippet (themes, people, testimonials: anything
  registered as a snippet), a site, a site setting or a page view restriction is saved or
  deleted; and (experiences/signals.py) when the network's records change (territories,
  organisations, contacts and their links, saved, deleted or imported). Nothing else bumps
  it: saving a draft does not, nor do other records (registrations, survey answers).
- So non-page data goes inside a cached fragment only if it is a snippet or a network record
  (the experience list and the network map are cached per audience and query string). Other
  records are rendered outside (``{% module_sessions %}``: places left, the reader's own
  registrations), with two stated exceptions shared through ``cached()`` that may lag by up
  to ``CACHE_TTL``: season figures, aggregates over attendance and answers, and the filter
  forms' options (``PortalFilterSet.cached_choices``).
  Search caches the index's answer per query, page of results and audience, and what it shows
  of each page (``cached_many()``), under the version; a page published reaches the index
  through the task queue, so search finds it within ``CACHE_TTL``.
- Every entry also expires after ``CACHE_TTL`` seconds: time-based selections (upcoming
  sessions) move on, and without a shared cache (``REDIS_URL``) each process catches up with
  the others' invalidations within that delay.

Context that only a cached fragment uses is passed lazily (``SimpleLazyObject``) so that a
cache hit runs none of its queries. The user's roles are cached apart, per user, and forgotten
when the user's groups change (access, not content).
"""

from django.core.cache import cache

CACHE_TTL = 60
ROLES_TTL = 300
VERSION_KEY = "portal:content-version"


def roles_key(user_id):
    return f"portal:roles:{user_id}"


def forget_roles(user_ids):
    cache.delete_many([roles_key(user_id) for user_id in user_ids])


def content_version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(name, compute):
    """``compute()``'s result, shared by every reader under the content version."""
    return cache.get_or_set(f"portal:{content_version()}:{name}", compute, CACHE_TTL)


def cached_many(names, compute):
    """``{name: value}`` for every name of ``names``, shared like :func:`cached` (one cache
    round trip for all of them); ``compute(missing)`` returns ``{name: value}`` for the names
    not cached, in one go."""
    version = content_version()
    keys = {f"portal:{version}:{name}": name for name in names}
    values = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [name for name in names if name not in values]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {f"portal:{version}:{name}": value for name, value in computed.items()}, CACHE_TTL
        )
        values.update(computed)
    return values
