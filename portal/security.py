"""Security at the door: sign-in throttling page, Content-Security-Policy, privacy headers.

- django-axes counts failed sign-ins (settings ``AXES_*``); :func:`lockout_response` is the
  French page a locked-out person sees, on every form that checks a password.
- :class:`ContentSecurityPolicyMiddleware` sends django-csp's policy: the portal's strict one
  (``CONTENT_SECURITY_POLICY``) on its own pages, the admin's (``CSP_ADMIN_DIRECTIVES``, which
  allows the inline scripts Wagtail's admin needs) under the admin's URL prefix.
- :class:`QueryStringGuardMiddleware` refuses, with the French 400 page, query strings that no
  view can use safely: a NUL byte (PostgreSQL refuses it in any string) or an integer beyond
  64 bits (SQLite overflows), whatever filter or search they are meant for.
- :class:`PrivacyHeadersMiddleware` adds ``Permissions-Policy`` to every response and keeps
  pages seen by a signed-in person out of shared caches (``Cache-Control: private``).
"""

import re

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from axes.helpers import get_cool_off
from csp.middleware import CSPMiddleware

from portal.forms import PortalAuthenticationForm

LOCKOUT_STATUS = 429


def lockout_message(request):
    """When the person may try again, in French: "… réessayez à 16 h 52 (dans 15 minutes)."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return _(
            "Trop de tentatives de connexion ont échoué pour cet identifiant depuis votre "
            "adresse : la connexion est bloquée. Contactez l'équipe de coordination pour la "
            "débloquer."
        )
    minutes = max(1, round(cool_off.total_seconds() / 60))
    until = timezone.localtime(timezone.now() + cool_off)
    return ngettext(
        "Trop de tentatives de connexion ont échoué pour cet identifiant depuis votre adresse. "
        "Par sécurité, la connexion est bloquée : réessayez à %(time)s (dans %(minutes)d "
        "minute). Mot de passe oublié ? Utilisez le lien ci-dessous ou contactez l'équipe de "
        "coordination.",
        "Trop de tentatives de connexion ont échoué pour cet identifiant depuis votre adresse. "
        "Par sécurité, la connexion est bloquée : réessayez à %(time)s (dans %(minutes)d "
        "minutes). Mot de passe oublié ? Utilisez le lien ci-dessous ou contactez l'équipe de "
        "coordination.",
        minutes,
    ) % {"time": date_format(until, "G \\h i"), "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout: the sign-in page again, with the French message, status 429."""
    form = PortalAuthenticationForm(request)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form.initial["username"] = username
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "lockout_message": lockout_message(request),
            "next": request.POST.get("next", ""),
        },
        status=LOCKOUT_STATUS,
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under the admin's URL prefix."""

    _admin_prefix = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if self._admin_prefix is None:
            type(self)._admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(self._admin_prefix):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        return parts


class PrivacyHeadersMiddleware:
    """Permissions-Policy everywhere; ``Cache-Control: private`` for signed-in readers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "max-age" in response.get("Cache-Control", ""):
                patch_cache_control(response, private=True)
            else:
                # A page made for one person: only their browser keeps it, and asks again.
                patch_cache_control(response, private=True, no_cache=True)
        return response


# The largest integer a database column holds (64 bits); longer digit runs are refused unread.
MAX_DIGITS = len(str(2**63 - 1))
INTEGER = re.compile(r"[-+]?\d+")


def query_string_problem(query):
    """A French message when a query string holds what no view can use safely, else None."""
    for key, values in query.lists():
        for value in (key, *values):
            if "\x00" in value:
                return _("L'adresse contient un caractère interdit (octet nul).")
            if INTEGER.fullmatch(value.strip()):
                digits = value.strip().lstrip("+-")
                if len(digits) > MAX_DIGITS or int(digits) > 2**63 - 1:
                    return _("L'adresse contient un nombre trop grand pour être un identifiant.")
    return None


class QueryStringGuardMiddleware:
    """Bad query strings get the French 400 page before any view or database sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_string_problem(request.GET)
        if problem:
            return render(request, "400.html", {"message": problem}, status=400)
        return self.get_response(request)
