"""Registering, cancelling and keeping attendance: each in one transaction, all or nothing.

Capacity holds under concurrency: registering locks the session's row (``SELECT … FOR UPDATE``
on PostgreSQL), so two people never take the same last place; whoever comes after the last
place joins the waiting list with the next rank.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import ModuleSession
from portal.access import (
    SESSION_CLOSED_TO_AUDIENCE,
    SESSION_OPEN,
    SESSION_TAILOR_MADE,
    can_keep_attendance,
    session_access,
)
from portal.jobs import enqueue_after_commit

from .models import Attendance, Registration, RegistrationStatus, attendance_key, clean_service


class Refused(Exception):
    """A French refusal shown to the person; nothing was written. ``status`` is the HTTP code."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def facilitator_user_ids(module):
    """The accounts of a module's facilitators (people linked to a portal account)."""
    return [
        user_id
        for user_id in module.facilitators.values_list("person__user_id", flat=True)
        if user_id
    ]


def refusal_for_access(reason):
    if reason == SESSION_TAILOR_MADE:
        return Refused(
            _(
                "Cette session sur-mesure est réservée à l'équipe qui l'a demandée : son contact "
                "s'occupe des inscriptions."
            ),
            status=403,
        )
    if reason == SESSION_CLOSED_TO_AUDIENCE:
        return Refused(_("Cette session n'est pas ouverte à votre public."), status=403)
    return None


def places_left(session, registered_count):
    if session.capacity is None:
        return None
    return max(session.capacity - registered_count, 0)


def last_known_service(user):
    """The direction or service ``user`` gave at their latest registration that had one."""
    if not user.is_authenticated:
        return ""
    return (
        Registration.objects.filter(user=user)
        .exclude(service="")
        .order_by("-created", "-pk")
        .values_list("service", flat=True)
        .first()
        or ""
    )


def register(user, session_id, now=None, service=None):
    """Register ``user``: a place if one is left, else the waiting list. Returns the row.

    ``service`` is the direction or service the person gave (``""``: none); left out (a
    colleague registered by their team's contact), the one they gave last time is kept.
    """
    now = now or timezone.now()
    service = last_known_service(user) if service is None else clean_service(service)
    with transaction.atomic():
        session = (
            ModuleSession.objects.select_for_update(of=("self",))
            .select_related("module")
            .filter(pk=session_id)
            .first()
        )
        if session is None:
            raise Refused(_("Cette session n'existe pas ou plus."), status=404)
        module = session.module
        if not module.live:
            raise Refused(_("Cette session n'existe pas ou plus."), status=404)
        refusal = refusal_for_access(session_access(user, session, module))
        if refusal is not None:
            raise refusal
        if session.start <= now:
            raise Refused(_("Cette session a déjà commencé ou est passée : inscription fermée."))
        existing = Registration.objects.active().filter(session=session, user=user).first()
        if existing is not None:
            if existing.status == RegistrationStatus.WAITING:
                raise Refused(
                    _("Vous êtes déjà en liste d'attente pour cette session (rang %(rank)s).")
                    % {"rank": existing.rank},
                    status=409,
                )
            raise Refused(_("Vous êtes déjà inscrit ou inscrite à cette session."), status=409)
        taken = Registration.objects.registered().filter(session=session).count()
        registration = Registration(session=session, user=user, service=service)
        if session.capacity is not None and taken >= session.capacity:
            last = Registration.objects.filter(session=session).aggregate(rank=Max("rank"))
            registration.status = RegistrationStatus.WAITING
            registration.rank = (last["rank"] or 0) + 1
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # Without row locks (SQLite), the unique constraints still refuse a duplicate.
            raise Refused(
                _("Vous êtes déjà inscrit ou inscrite à cette session."), status=409
            ) from None
    return registration


def cancel(user, registration_id, now=None):
    """Cancel one's own registration before the deadline; the first person waiting moves up."""
    from .tasks import send_promotion_email

    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("session")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None or registration.user_id != user.pk:
            # The same answer whether it exists or belongs to someone else: nothing leaks.
            raise Refused(_("Vous ne pouvez annuler que vos propres inscriptions."), status=403)
        if not registration.is_active:
            raise Refused(_("Cette inscription est déjà annulée."), status=409)
        session = ModuleSession.objects.select_for_update().get(pk=registration.session_id)
        if now >= session.cancellable_until():
            raise Refused(
                _(
                    "Le délai d'annulation de cette session est passé : prévenez l'équipe "
                    "d'animation."
                )
            )
        was_registered = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.rank = None
        registration.cancelled_at = now
        registration.save(update_fields=["status", "rank", "cancelled_at"])
        promoted = None
        if was_registered:
            promoted = promote_first_waiting(session, now)
        if promoted is not None:
            enqueue_after_commit(send_promotion_email, promoted.pk)
    return registration, promoted


def promote_first_waiting(session, now):
    """Give a free place to the first person on the waiting list (if the session is not full)."""
    taken = Registration.objects.registered().filter(session=session).count()
    if session.capacity is not None and taken >= session.capacity:
        return None
    first = Registration.objects.waiting().filter(session=session).first()
    if first is None:
        return None
    first.status = RegistrationStatus.REGISTERED
    first.rank = None
    first.promoted_at = now
    first.save(update_fields=["status", "rank", "promoted_at"])
    return first


def require_attendance_keeper(user, session):
    if not can_keep_attendance(user, facilitator_user_ids(session.module)):
        raise Refused(
            _(
                "Seules les personnes qui animent le module et la coordination tiennent la "
                "feuille de présence."
            ),
            status=403,
        )


def save_attendance(user, session, present_user_ids):
    """Mark every registered person present or absent, in one transaction."""
    require_attendance_keeper(user, session)
    registered = list(
        Registration.objects.registered().filter(session=session).values_list("user_id", flat=True)
    )
    present = set(present_user_ids)
    unknown = present - set(registered)
    if unknown:
        raise Refused(_("Une des personnes cochées n'est pas inscrite à cette session."))
    with transaction.atomic():
        existing = {
            row.user_id: row
            for row in Attendance.objects.select_for_update().filter(
                session=session, user_id__in=registered
            )
        }
        created = []
        for user_id in registered:
            row = existing.get(user_id)
            if row is None:
                created.append(
                    Attendance(
                        session=session,
                        user_id=user_id,
                        person_key=attendance_key(user_id),
                        present=user_id in present,
                        marked_by=user,
                    )
                )
            elif row.present != (user_id in present):
                row.present = user_id in present
                row.marked_by = user
                row.save(update_fields=["present", "marked_by", "marked_at"])
        Attendance.objects.bulk_create(created)


def add_walk_in(user, session, name, email, service=""):
    """Someone who came without registering, known by name or e-mail: present."""
    require_attendance_keeper(user, session)
    name = " ".join((name or "").split())
    service = clean_service(service)
    email = (email or "").strip().lower()
    if not name and not email:
        raise Refused(_("Indiquez le nom ou l'adresse électronique de la personne venue."))
    from django.contrib.auth import get_user_model

    account = None
    if email:
        account = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    key = attendance_key(account.pk if account else None, email, name)
    if Attendance.objects.filter(session=session, person_key=key).exists():
        raise Refused(_("Cette personne figure déjà sur la feuille de présence."), status=409)
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                session=session,
                user=account,
                name=name,
                email=email,
                service=service,
                present=True,
                walk_in=True,
                marked_by=user,
            )
    except IntegrityError:
        raise Refused(
            _("Cette personne figure déjà sur la feuille de présence."), status=409
        ) from None


__all__ = [
    "SESSION_OPEN",
    "Refused",
    "add_walk_in",
    "cancel",
    "facilitator_user_ids",
    "last_known_service",
    "places_left",
    "register",
    "save_attendance",
]
