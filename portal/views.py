from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from wagtail.models import Site

from portal.models import PortalSettings


@login_not_required
@never_cache
def healthz(request):
    """Load balancers' probe: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility_statement(request):
    """The footer's link: the page editors chose in the settings, or the built-in statement."""
    site = Site.find_for_request(request)
    page = PortalSettings.for_site(site).accessibility_page if site else None
    if page is not None and page.live:
        return redirect(page.url)
    return render(request, "portal/accessibility_statement.html")
