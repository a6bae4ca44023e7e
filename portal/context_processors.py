from django.conf import settings
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from portal.access import audience, can_access_admin
from portal.cache import cached


def _contact_email(request):
    site = Site.find_for_request(request)
    if site is None:
        return ""
    from portal.models import PortalSettings

    return cached(
        f"settings:contact-email:{site.pk}", lambda: PortalSettings.for_site(site).contact_email
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
