from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Reference models for the benchmarks; installed only by bench/settings.py."""

    name = "bench"
    label = "bench"
    default_auto_field = "django.db.models.BigAutoField"
