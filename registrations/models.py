"""Who registered for a module's session, who came, and private calendar feeds.

Registration (an intention, with a waiting list) and attendance (what happened, marked by the
facilitators or the coordination, walk-ins included) are kept apart: a season's figures count
attendance, never registrations.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("inscrit ou inscrite")
    WAITING = "waiting", _("en liste d'attente")
    CANCELLED = "cancelled", _("annulée")


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
SERVICE_MAX_LENGTH = 150
UNKNOWN_SERVICE = _("Non renseigné")


def clean_service(text):
    """A direction or service as typed, with its spaces tidied (« DRH » and « DRH  » are one)."""
    return " ".join((text or "").split())


def service_field():
    """« Direction ou service »: what the person said when registering (or what the sheet says
    of a walk-in), kept as it was then so that a season's figures show the service of the time.
    """
    return models.CharField(
        _("direction ou service"),
        max_length=SERVICE_MAX_LENGTH,
        blank=True,
        help_text=_("Indiqué par la personne à l'inscription ; facultatif."),
    )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("rank", "pk")


class Registration(models.Model):
    """One person's registration for one session: a place, or a rank on the waiting list."""

    session = models.ForeignKey(
        "pages.ModuleSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(
        _("état"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    # Position on the waiting list, given once when joining it (1, 2, 3…): promotion takes the
    # smallest, so the order is the order of arrival, stable whatever happens in between.
    rank = models.PositiveIntegerField(_("rang en liste d'attente"), null=True, blank=True)
    service = service_field()
    created = models.DateTimeField(_("inscription le"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("passée en liste principale le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["session", "status", "rank", "pk"]
        constraints = [
            # At most one live registration per person and session, whatever the timing.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["registered", "waiting"]),
                name="registrations_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["session", "rank"],
                condition=Q(status="waiting"),
                name="registrations_unique_waiting_rank",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="registrations_session_st")]

    def __str__(self):
        return f"{self.user} – {self.session_id} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


def attendance_key(user_id=None, email="", name=""):
    """What makes a person one participant: their account, else their e-mail, else their name."""
    if user_id:
        return f"u:{user_id}"
    if email:
        return f"e:{email.strip().lower()}"
    return "n:" + " ".join(name.split()).lower()


class Attendance(models.Model):
    """Whether someone came to a session: a registered person or a walk-in (name or e-mail)."""

    session = models.ForeignKey(
        "pages.ModuleSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_attendances",
    )
    name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    # A walk-in's service, as given on the sheet (a registered person's is on the registration).
    service = service_field()
    # One row per person and session (see attendance_key); counted by unique participants.
    person_key = models.CharField(max_length=200, editable=False)
    present = models.BooleanField(_("présent ou présente"), default=True)
    walk_in = models.BooleanField(
        _("venue sans inscription"),
        default=False,
        help_text=_("Ajoutée sur la feuille le jour même."),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pointé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("pointé le"), auto_now=True)
    survey_sent_at = models.DateTimeField(_("questionnaire envoyé le"), null=True, blank=True)
    survey_reminded_at = models.DateTimeField(
        _("relance du questionnaire le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["session", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person_key"], name="registrations_one_attendance_per_person"
            )
        ]
        indexes = [models.Index(fields=["session", "present"], name="registrations_att_present")]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.person_key = attendance_key(self.user_id, self.email, self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        if self.user_id and self.user:
            return self.user.get_full_name() or self.user.get_username()
        return self.name or self.email


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private, revocable address of a person's calendar of registrations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return str(self.user)


class TailorMadeRequest(models.Model):
    """A « Demander un atelier sur-mesure » request (a survey response) and the tailor-made
    session it became: one session per request, one request per session."""

    response = models.OneToOneField(
        "surveys.SurveyResponse",
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="tailor_made_session",
    )
    session = models.OneToOneField(
        "pages.ModuleSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="tailor_made_request",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("demande devenue session")
        verbose_name_plural = _("demandes devenues sessions")

    def __str__(self):
        return f"{self.response_id} → {self.session_id}"
