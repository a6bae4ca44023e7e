from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portail")
    default_auto_field = "django.db.models.BigAutoField"

    # Permissions granted to each role, as "app_label.codename". Every app may declare its own
    # ``role_permissions`` on its AppConfig; portal.roles collects them all after each migrate.
    role_permissions = {
        "Communication": ["wagtailadmin.access_admin"],
        "Coordination": ["wagtailadmin.access_admin", "portal.view_exportlog"],
    }

    def ready(self):
        from portal import signals  # noqa: F401  (connects the cache invalidation)
        from portal.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="portal_sync_roles")
