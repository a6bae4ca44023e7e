from django.db import DatabaseError
from django.http.request import split_domain_port

from wagtail.models import Site

from portal.cache import cached


class CachedSiteMiddleware:
    """Resolve the Wagtail site of a request from the cache instead of querying every time.

    Wagtail's ``Site.find_for_request`` keeps its answer on ``request._wagtail_site``; this
    fills that attribute from a cache entry under the content version (portal/cache.py), bumped
    whenever a site or the page tree changes. One annotated query saved on every page view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        try:
            site = cached(f"site:{hostname}:{port}", lambda: Site._find_for_request(request))
        except DatabaseError:
            # Let the view answer (the health check reports the outage).
            return self.get_response(request)
        request._wagtail_site = site
        return self.get_response(request)
