"""ProConnect sign-in: OpenID Connect through mozilla-django-oidc, as French public bodies do.

- People are matched on ``sub`` (:class:`portal.models.OIDCIdentity`), never on a changeable
  e-mail. On a first ProConnect sign-in, a local account with the same e-mail address (as
  ProConnect verifies it) is linked once; otherwise an account is created **with no role**:
  closed by default, it sees only the "no role yet" page until the coordination gives it one.
- Only addresses of the domains in ``PROCONNECT_ALLOWED_DOMAINS`` may sign in (empty: any).
- ProConnect sends the user info as a signed JWT (``application/jwt``): it is verified with the
  provider's keys like the ID token. A plain JSON answer is accepted too.
- Signing out of the portal after a ProConnect sign-in also ends the session at the provider
  (RP-initiated logout: ``OIDC_OP_LOGOUT_ENDPOINT`` with the ID token as hint), so that the next
  person on a shared computer is not signed in again by ProConnect.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LogoutView
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from portal.models import OIDCIdentity


def email_domain(email):
    return email.rpartition("@")[2].strip().lower()


class ProConnectBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", 10),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        if response.headers.get("Content-Type", "").startswith("application/jwt"):
            return self.verify_token(response.text)
        return response.json()

    def refuse(self, message):
        if getattr(self, "request", None) is not None:
            messages.error(self.request, message)
        return False

    def verify_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not claims.get("sub") or "@" not in email:
            return self.refuse(
                _("ProConnect n'a pas transmis votre identifiant ou votre adresse électronique.")
            )
        allowed = [domain.lower() for domain in settings.PROCONNECT_ALLOWED_DOMAINS]
        if allowed and email_domain(email) not in allowed:
            return self.refuse(
                _(
                    "Les adresses « @%(domain)s » ne peuvent pas se connecter à Coopérer. "
                    "Contactez l'équipe de coordination si vous devriez y avoir accès."
                )
                % {"domain": email_domain(email)}
            )
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            # Kept for the callback view: Django's login() empties a session that belonged
            # to someone else, taking the stored ID token (needed to sign out) with it.
            user.oidc_id_token = id_token
        return user

    def filter_users_by_claims(self, claims):
        User = get_user_model()
        identity = OIDCIdentity.objects.select_related("user").filter(sub=claims["sub"]).first()
        if identity is not None:
            return [identity.user]
        same_email = User.objects.filter(
            email__iexact=claims["email"].strip(), oidc_identity__isnull=True
        )
        return list(same_email[:2])

    @transaction.atomic
    def create_user(self, claims):
        User = get_user_model()
        base = f"proconnect-{claims['email'].partition('@')[0]}"[:120]
        username = base
        while User.objects.filter(username=username).exists():
            username = f"{base}-{get_random_string(6).lower()}"
        user = User(username=username)
        user.set_unusable_password()
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.email = claims["email"].strip()
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("usual_name") or claims.get("family_name") or "")[:150] or (
            user.last_name
        )
        user.save()
        OIDCIdentity.objects.update_or_create(
            user=user,
            defaults={"sub": claims["sub"], "siret": str(claims.get("siret") or "")[:14]},
        )
        return user


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    """The provider's return: signs the person in, then keeps the ID token in the new session
    for the provider's end of session."""

    def login_success(self):
        response = super().login_success()
        id_token = getattr(self.user, "oidc_id_token", None)
        if id_token and getattr(settings, "OIDC_STORE_ID_TOKEN", False):
            self.request.session["oidc_id_token"] = id_token
        return response


class PortalLogoutView(LogoutView):
    """Django's sign-out, then (after a ProConnect sign-in) the provider's end of session."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
        if id_token and endpoint and settings.PROCONNECT_ENABLED:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "state": get_random_string(32),
                    "post_logout_redirect_uri": request.build_absolute_uri(
                        resolve_url(settings.LOGIN_URL)
                    ),
                }
            )
            return HttpResponseRedirect(f"{endpoint}?{query}")
        return response
