"""RGPD retention: stale contacts are deleted, speakers anonymised; --dry-run changes nothing."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from experiences.factories import ContactFactory
from experiences.models import Contact


def age(contact, days):
    Contact.objects.filter(pk=contact.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def contacts(experience, network):
    fresh = ContactFactory(last_name="Récent", email="recent@example.org")
    stale = ContactFactory(last_name="Ancien", email="ancien@example.org")
    speaker = network["visible_contact"]  # a speaker of the experience page
    age(stale, 4 * 365)
    age(speaker, 4 * 365)
    return fresh, stale, speaker


def run(*args):
    out = StringIO()
    call_command("purge_contacts", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_reports_and_changes_nothing(contacts):
    before = list(Contact.objects.values_list("pk", "last_name", "email"))
    output = run("--dry-run")
    assert "Simulation" in output and "1 seraient supprimés, 1 seraient anonymisés" in output
    assert list(Contact.objects.values_list("pk", "last_name", "email")) == before


@pytest.mark.django_db
def test_stale_contacts_are_deleted_and_speakers_anonymised(contacts, experience):
    fresh, stale, speaker = contacts
    output = run()
    assert "1 supprimés, 1 anonymisés" in output
    assert not Contact.objects.filter(pk=stale.pk).exists()
    assert Contact.objects.filter(pk=fresh.pk).exists()
    speaker.refresh_from_db()
    assert (speaker.first_name, speaker.last_name, speaker.email, speaker.phone) == (
        "Contact",
        "anonymisé",
        "",
        "",
    )
    assert speaker.experience_pages.filter(pk=experience.pk).exists()
    assert "1 supprimés" not in run()  # nothing left to do: idempotent


@pytest.mark.django_db
def test_the_period_is_configurable(contacts, settings):
    settings.CONTACT_RETENTION_MONTHS = 60
    assert "0 seraient supprimés, 0 seraient anonymisés" in run("--dry-run")
    assert "1 seraient supprimés" in run("--dry-run", "--months", "12")


@pytest.mark.django_db
def test_a_contact_confirmed_by_a_recent_import_is_kept(contacts):
    _fresh, stale, _speaker = contacts
    recently = timezone.localdate() - datetime.timedelta(days=200)
    Contact.objects.filter(pk=stale.pk).update(confirmed_on=recently)
    assert "0 seraient supprimés" in run("--dry-run")
    Contact.objects.filter(pk=stale.pk).update(confirmed_on=recently.replace(year=2020))
    assert "1 seraient supprimés" in run("--dry-run")


@pytest.mark.django_db
def test_the_purge_also_erases_imports_never_confirmed(contacts, make_user):
    from experiences.models import ImportRun

    coordinator = make_user("coordinator")
    old = ImportRun.objects.create(
        user=coordinator, model_name="contact", filename="a.csv", content=b"x"
    )
    ImportRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    recent = ImportRun.objects.create(
        user=coordinator, model_name="contact", filename="b.csv", content=b"y"
    )
    assert "Imports déposés et jamais confirmés effacés : 1." in run()
    assert list(ImportRun.objects.all()) == [recent]
