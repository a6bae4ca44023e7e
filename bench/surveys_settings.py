"""Settings of bench/surveys.py: the base settings plus the reference form page app."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import INSTALLED_APPS, env

DEBUG = False
SECRET_KEY = "bench-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# wagtail.contrib.forms: the reference the survey engine is measured against (not in the portal).
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.forms", "bench.surveys_reference"]
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cooperer_surveys_bench"
    )
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
# Measured work runs inline (search and reference indexing included), as before the task queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
