"""The portal's URLs plus a real OpenID Connect provider (django-oauth-toolkit), for the
ProConnect tests only. The provider's machine-to-machine endpoints need no signed-in user."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from jwcrypto import jwk, jwt
from oauth2_provider import views as provider
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings

from portal import urls as portal_urls

# What the provider says of each of its people (its own directory, not the portal's accounts).
PEOPLE = {}


class Validator(OAuth2Validator):
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(PEOPLE.get(request.user.username, {}))


@login_not_required
def userinfo_as_jwt(request):
    """ProConnect's way: the user info as a JWT signed with the provider's key."""
    answer = provider.UserInfoView.as_view()(request)
    if answer.status_code != 200:
        return answer
    key = jwk.JWK.from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY.encode())
    token = jwt.JWT(
        header={"alg": "RS256", "kid": key.thumbprint()}, claims=answer.content.decode()
    )
    token.make_signed_token(key)
    return HttpResponse(token.serialize(), content_type="application/jwt")


urlpatterns = [
    path("o/authorize/", provider.AuthorizationView.as_view(), name="authorize"),
    path("o/token/", login_not_required(provider.TokenView.as_view()), name="token"),
    path(
        "o/.well-known/jwks.json",
        login_not_required(provider.JwksInfoView.as_view()),
        name="jwks-info",
    ),
    path("o/userinfo/", login_not_required(provider.UserInfoView.as_view()), name="user-info"),
    path("o/userinfo.jwt", userinfo_as_jwt, name="user-info-jwt"),
    path(
        "o/logout/",
        login_not_required(provider.RPInitiatedLogoutView.as_view()),
        name="rp-initiated-logout",
    ),
    *portal_urls.proconnect_patterns,
    *portal_urls.urlpatterns,
]
