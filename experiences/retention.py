"""RGPD retention of contacts: what is stale, and how it is removed or anonymised.

A contact neither updated nor confirmed by an import (``Contact.confirmed_on``: a coordinator
re-imported it, even unchanged) for ``settings.CONTACT_RETENTION_MONTHS`` months (36 by default)
is deleted; if it is named as a speaker on an experience page, it is anonymised instead (names,
e-mail, phone and territories erased; job title and organisation kept) so that the page keeps
its meaning without personal data.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Contact

ANONYMOUS_FIRST_NAME = "Contact"
ANONYMOUS_LAST_NAME = "anonymisé"


def cutoff(months=None, now=None):
    months = settings.CONTACT_RETENTION_MONTHS if months is None else months
    now = now or timezone.now()
    return now - datetime.timedelta(days=round(months * 365.25 / 12))


def stale_contacts(months=None, now=None):
    """Contacts neither updated nor confirmed since the cut-off, anonymised ones left out."""
    limit = cutoff(months, now)
    confirmed_before = Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=timezone.localdate(limit))
    return Contact.objects.filter(confirmed_before, updated_at__lt=limit).exclude(
        first_name=ANONYMOUS_FIRST_NAME, last_name=ANONYMOUS_LAST_NAME, email=""
    )


@transaction.atomic
def purge(months=None, *, dry_run=False, now=None):
    """``(deleted, anonymised)`` counts; nothing is written when ``dry_run``."""
    stale = stale_contacts(months, now)
    speakers = stale.filter(experience_pages__isnull=False).distinct()
    to_anonymise = list(speakers.values_list("pk", flat=True))
    to_delete = stale.exclude(pk__in=to_anonymise)
    deleted = to_delete.count()
    if dry_run:
        return deleted, len(to_anonymise)
    to_delete.delete()
    stamp = timezone.localdate().strftime("%d/%m/%Y")
    for contact in Contact.objects.filter(pk__in=to_anonymise):
        contact.first_name = ANONYMOUS_FIRST_NAME
        contact.last_name = ANONYMOUS_LAST_NAME
        contact.email = ""
        contact.phone = ""
        contact.visible_to_partners = False
        contact.source = f"Anonymisé le {stamp} (durée de conservation dépassée)"
        contact.save()
        contact.territories.clear()
    return deleted, len(to_anonymise)
