from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from portal.access import audience, can_access_admin
from portal.cache import SETTINGS_TTL, settings_key


def _contact_email(request):
    site = Site.find_for_request(request)
    if site is None:
        return ""
    from portal.models import PortalSettings

    return cache.get_or_set(
        settings_key(site.pk), lambda: PortalSettings.for_site(site).contact_email, SETTINGS_TTL
    )


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_name": settings.WAGTAIL_SITE_NAME,
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
        "portal_can_access_admin": can_access_admin(user) if user is not None else False,
        # Readers (agents, partners) have their own registrations; an account in no role has not.
        "portal_is_reader": audience(user) is not None if user is not None else False,
        "portal_contact_email": SimpleLazyObject(lambda: _contact_email(request)),
    }
