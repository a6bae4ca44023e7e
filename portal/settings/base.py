"""Settings shared by every environment.

The environment is read once, here, with typed accessors (django-environ). Environment-specific
modules (dev, production, test) only override what differs.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local, untracked .env file may set variables for development.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "home",
    "taxonomy",
    "pages",
    "experiences",
    "surveys",
    "registrations",
    "wagtail_modeladmin",
    "import_export",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Security headers (portal/security.py): CSP, Permissions-Policy, private caching.
    "portal.security.ContentSecurityPolicyMiddleware",
    "portal.security.PrivacyHeadersMiddleware",
    "portal.security.QueryStringGuardMiddleware",
    # Intranet: every view requires a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.middleware.CachedSiteMiddleware",
    # Closed by default: an account in no role sees only the "no role yet" page.
    "portal.access.RoleRequiredMiddleware",
    "portal.access.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: a SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cooperer.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a second process share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cooperer",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cooperer",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAILADMIN_LOGIN_URL = "/connexion/"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 10)

# Internationalisation: the portal speaks French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded images (/media/) are served by the portal itself, to signed-in users only, unless a
# reverse proxy or an object store serves them (SERVE_MEDIA=False; see README, Production).
# Documents never go through /media/: Wagtail's view serves them after its privacy checks.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coopérer <ne-pas-repondre@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail.
WAGTAIL_SITE_NAME = "Coopérer"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # French stemming on PostgreSQL; ignored by the SQLite backend.
        "SEARCH_CONFIG": "french",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No call leaves the intranet: no Gravatar (it would send hashed staff e-mail addresses to a
# third party); people upload their own avatar in their account settings.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_USAGE_COUNT_ENABLED = True

# django-import-export: only users with the model's "export"/"import" permission may use it.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

# Security defaults valid everywhere; production tightens the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- experiences (territorial network, contact map) -------------------------------------------
# Leaflet is a Python package (XStatic): pip installs it and the portal serves it itself, never
# from a CDN. Leaflet.markercluster is vendored under experiences/static/experiences/vendor/
# (its package's minified file points to a source map the package does not ship, which the
# production manifest storage refuses).
import xstatic.pkg.leaflet  # noqa: E402

STATICFILES_DIRS = [
    ("experiences/vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
# Optional tile server for deployments that have one (empty: the bundled France outline only).
# Example: MAP_TILE_URL=https://tuiles.interne/{z}/{x}/{y}.png
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
# RGPD: contacts not updated for this many months are deleted or anonymised by
# `manage.py purge_contacts` (see README).
CONTACT_RETENTION_MONTHS = env.int("CONTACT_RETENTION_MONTHS", default=36)

# --- background tasks (django-tasks) ----------------------------------------------------------
# Long work (imports, exports, reminders, notification e-mails, Wagtail's own index updates)
# runs in a worker process, never in the request. TASKS_BACKEND=db (default): tasks are rows in
# the database and `manage.py db_worker` runs them (several workers, on several hosts, may share
# one PostgreSQL). TASKS_BACKEND=rq: tasks go through Redis (TASKS_REDIS_URL, or REDIS_URL) and
# `manage.py rqworker default` runs them. See portal/jobs.py and the README's Production section.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "django_rq"]
TASKS_BACKEND = env.str("TASKS_BACKEND", default="").strip().lower() or "db"
TASK_BACKEND_CLASSES = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in TASK_BACKEND_CLASSES:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TASKS_BACKEND doit valoir « db » ou « rq ».")
TASKS = {"default": {"BACKEND": TASK_BACKEND_CLASSES[TASKS_BACKEND], "QUEUES": ["default"]}}
TASKS_REDIS_URL = env.str("TASKS_REDIS_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0")
# RQ kills a task after DEFAULT_TIMEOUT seconds: long imports need more than its 180 s default.
RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 60 * 60}}
# RQ workers run django-tasks' tasks through django-tasks-rq's job class (results, signals).
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
# A running job whose worker has not written a heartbeat for this long is marked failed
# ("interrompue") and may be run again; workers write one every JOB_HEARTBEAT_INTERVAL seconds.
JOB_STALE_AFTER = env.int("JOB_STALE_AFTER", default=5 * 60)
JOB_HEARTBEAT_INTERVAL = env.int("JOB_HEARTBEAT_INTERVAL", default=30)
# Exports of more rows than this are written by a job (portal.exports), not in the request; the
# files they leave in the default storage (personal data) are deleted after EXPORT_FILE_TTL_HOURS.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)
EXPORT_FILE_TTL_HOURS = env.int("EXPORT_FILE_TTL_HOURS", default=24)

# --- security: sign-in throttling, Content-Security-Policy, Permissions-Policy ----------------
# django-axes counts failed sign-ins on every form that checks a password (/connexion/, the
# admin's login, Wagtail's private-page login): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES (a French page says
# until when). A success resets the count; Coordination unlocks from the admin.
from datetime import timedelta  # noqa: E402

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind a load balancer the client's address is the first of X-Forwarded-For: set the number
# of proxies in front of gunicorn (0: the address gunicorn sees).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Content-Security-Policy (django-csp 4): the portal's pages run only the portal's own scripts
# (no inline script, no third party); images, styles and fonts come from the portal too. Style
# attributes are allowed (survey result bars), <style> elements are not. A map tile server, when
# configured, is the one other origin allowed, for images. The Wagtail admin, whose pages carry
# inline scripts, gets its own policy (CSP_ADMIN_DIRECTIVES, portal/security.py).
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL)) if MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF] + env.list("CSP_FORM_ACTION_EXTRA", default=[]),
        "frame-ancestors": [SELF],
    }
}
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
}
CSP_ADMIN_DIRECTIVES.pop("style-src-attr")
# Browser features no page of the portal uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# --- ProConnect (OpenID Connect) sign-in, portal/proconnect.py ---------------------------------
# On when OIDC_RP_CLIENT_ID is set: a « Se connecter avec ProConnect » button on /connexion/.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
PROCONNECT_ENABLED = bool(OIDC_RP_CLIENT_ID)
_oidc_base = env.str("OIDC_OP_BASE_URL", default="").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{_oidc_base}/authorize" if _oidc_base else ""
)
OIDC_OP_TOKEN_ENDPOINT = env.str(
    "OIDC_OP_TOKEN_ENDPOINT", default=f"{_oidc_base}/token" if _oidc_base else ""
)
OIDC_OP_USER_ENDPOINT = env.str(
    "OIDC_OP_USER_ENDPOINT", default=f"{_oidc_base}/userinfo" if _oidc_base else ""
)
OIDC_OP_JWKS_ENDPOINT = env.str(
    "OIDC_OP_JWKS_ENDPOINT", default=f"{_oidc_base}/jwks" if _oidc_base else ""
)
# RP-initiated logout: signing out of the portal ends the ProConnect session too.
OIDC_OP_LOGOUT_ENDPOINT = env.str(
    "OIDC_OP_LOGOUT_ENDPOINT", default=f"{_oidc_base}/session/end" if _oidc_base else ""
)
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email given_name usual_name siret")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = True
# Addresses of these domains only (comma-separated; empty: any domain, each new account
# starting with no role).
PROCONNECT_ALLOWED_DOMAINS = env.list("PROCONNECT_ALLOWED_DOMAINS", default=[])
LOGIN_REDIRECT_URL_FAILURE = "/connexion/"
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS += ["portal.proconnect.ProConnectBackend"]
