from django.core.cache import cache
from django.db import DatabaseError
from django.http.request import split_domain_port

from wagtail.models import Site

from portal.cache import SITE_TTL, site_key


class CachedSiteMiddleware:
    """Resolve the Wagtail site of a request from the cache instead of querying every time.

    Wagtail's ``Site.find_for_request`` keeps its answer on ``request._wagtail_site``; this
    fills that attribute from a cache entry invalidated whenever a site or the page tree changes
    (portal/signals.py). One annotated query saved on every page view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        key = site_key(hostname, port)
        site = cache.get(key)
        if site is None:
            try:
                site = Site._find_for_request(request)
            except DatabaseError:
                # Let the view answer (the health check reports the outage).
                return self.get_response(request)
            if site is not None:
                cache.set(key, site, SITE_TTL)
        request._wagtail_site = site
        return self.get_response(request)
