from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from portal import views
from portal.forms import PortalAuthenticationForm
from portal.proconnect import PortalLogoutView, ProConnectCallbackView

auth_patterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", PortalLogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "mot-de-passe/changer/termine/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

# ProConnect (OpenID Connect): mounted when configured (portal/proconnect.py). The sign-in
# steps happen before anyone is signed in.
proconnect_patterns = [
    path(
        "oidc/authenticate/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(ProConnectCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    *auth_patterns,
    *(proconnect_patterns if settings.PROCONNECT_ENABLED else []),
    path(
        "declaration-accessibilite/",
        views.accessibility_statement,
        name="accessibility_statement",
    ),
    # Apps' URLs are named by string, like INSTALLED_APPS: portal (the base layer) imports no app.
    path("recherche/", include("pages.urls")),
    path("inscriptions/", include("registrations.urls")),
    path("taches/", views.job_list, name="job_list"),
    path("taches/<uuid:job_id>/", views.job_detail, name="job_detail"),
    path("taches/<uuid:job_id>/etat.json", views.job_state, name="job_state"),
    path("taches/<uuid:job_id>/relancer/", views.job_rerun, name="job_rerun"),
    path("taches/<uuid:job_id>/fichier/", views.job_file, name="job_file"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", views.serve_media, name="media")]

# Wagtail serves every other URL from the page tree: keep this last.
urlpatterns += [path("", include(wagtail_urls))]
