"""List filters of the registrations and attendance listings, shared by their exports (the
"current filter"): simple filters, as ``django.contrib.admin`` is not installed."""

from django.contrib.admin import SimpleListFilter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pages.models import ModuleSession

from .models import RegistrationStatus

ALL_LABEL = _("Tout")


class FrenchListFilter(SimpleListFilter):
    """A simple filter whose first choice says « Tout » (Django's admin catalogue is absent)."""

    def choices(self, changelist):
        for index, choice in enumerate(super().choices(changelist)):
            if index == 0:
                choice = {**choice, "display": ALL_LABEL}
            yield choice


class SessionFilter(FrenchListFilter):
    title = _("session")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = ModuleSession.objects.select_related("module").order_by("-start")
        return [
            (
                session.pk,
                f"{session.module.title} – {timezone.localtime(session.start):%d/%m/%Y %H:%M}",
            )
            for session in sessions.only("pk", "start", "module__title")
        ]

    def queryset(self, request, queryset):
        return filter_by_session(queryset, self.value())


class StatusFilter(FrenchListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return RegistrationStatus.choices

    def queryset(self, request, queryset):
        return filter_by_status(queryset, self.value())


class ServiceFilter(FrenchListFilter):
    """The services people gave when registering (« Direction ou service »)."""

    title = _("direction ou service")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        services = (
            model_admin.model.objects.exclude(service="")
            .order_by("service")
            .values_list("service", flat=True)
            .distinct()
        )
        return [(service, service) for service in services]

    def queryset(self, request, queryset):
        return filter_by_service(queryset, self.value())


class PresenceFilter(FrenchListFilter):
    title = _("présence")
    parameter_name = "presence"

    def lookups(self, request, model_admin):
        return [("oui", _("Présent ou présente")), ("non", _("Absent ou absente"))]

    def queryset(self, request, queryset):
        return filter_by_presence(queryset, self.value())


def filter_by_session(queryset, value):
    if value and str(value).isdigit():
        return queryset.filter(session_id=int(value))
    return queryset


def filter_by_status(queryset, value):
    if value in RegistrationStatus.values:
        return queryset.filter(status=value)
    return queryset


def filter_by_service(queryset, value):
    if value:
        return queryset.filter(service=value)
    return queryset


def filter_by_presence(queryset, value):
    if value in ("oui", "non"):
        return queryset.filter(present=value == "oui")
    return queryset
