"""The network's records (territories, organisations, contacts) are shown in cached listings
(the experience list and its map, the network map): changing them bumps the content version
(the rule is in portal/cache.py), once the transaction commits. Bulk writes send no signal:
the import bumps it itself (``importing.write_plan``); the retention clean-up deletes and saves
contacts one by one, so its signals do."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.cache import bump_content_version

from .models import Contact, Organisation, Territory

NETWORK_RECORDS = (Territory, Organisation, Contact)
NETWORK_LINKS = (Organisation.themes.through, Contact.themes.through, Contact.territories.through)


def network_changed():
    """Bump the content version once the current transaction (if any) commits."""
    transaction.on_commit(bump_content_version)


@receiver(post_save)
@receiver(post_delete)
def network_record_changed(sender, **kwargs):
    if sender in NETWORK_RECORDS:
        network_changed()


@receiver(m2m_changed)
def network_links_changed(sender, action, **kwargs):
    if sender in NETWORK_LINKS and action.startswith("post_"):
        network_changed()
