"""The module page's text is cached per audience; its sessions are not: registrations do not bump
the content version, so places left and the reader's own registration are computed per request
and never come from another reader's cached fragment."""

from django.test import Client

import pytest

from pages.models import ModulePage
from registrations.services import cancel, register

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_the_cached_module_page_shows_each_reader_their_own_registration_and_current_places(
    module, session, make_user
):
    reader = signed_in(make_user("agent"))
    registrant = signed_in(make_user("agent"))
    html = reader.get(module.url).content.decode()  # fills the page's cached fragment
    assert "2 places restantes" in html
    # A change to the stored page that is not published: the cached fragment still shows the
    # published text, which proves the next views are served from the cache.
    ModulePage.objects.filter(pk=module.pk).update(pitch="Texte non publié")

    registration = register(registrant.user, session.pk)

    html = registrant.get(module.url).content.decode()
    assert "Texte non publié" not in html
    assert "1 place restante" in html and "Vous êtes inscrit ou inscrite." in html
    html = reader.get(module.url).content.decode()
    assert "Texte non publié" not in html
    assert "1 place restante" in html
    assert "Vous êtes inscrit ou inscrite." not in html
    assert "S&#x27;inscrire" in html or "S'inscrire<" in html

    cancel(registrant.user, registration.pk)
    html = reader.get(module.url).content.decode()
    assert "2 places restantes" in html
    assert "Vous êtes inscrit" not in registrant.get(module.url).content.decode()


def test_a_publication_refreshes_the_cached_module_text(module, session, client_as):
    client = client_as("agent")
    client.get(module.url)
    module.pitch = "Un nouveau texte de présentation"
    module.save_revision().publish()
    assert "Un nouveau texte de présentation" in client.get(module.url).content.decode()


def test_a_draft_does_not_change_what_readers_see(module, session, client_as):
    client = client_as("agent")
    client.get(module.url)
    module.pitch = "Un brouillon"
    module.save_revision()
    assert "Un brouillon" not in client.get(module.url).content.decode()


def test_a_session_changed_and_published_shows_at_once(module, session, client_as):
    """The sessions written out (date, place, capacity) are shared by every reader under the
    content version: a publication of the module renews them, a draft does not."""
    client = client_as("agent")
    assert "Salle Marianne" in client.get(module.url).content.decode()
    module = ModulePage.objects.get(pk=module.pk)
    edited = module.sessions.get()
    edited.room = "Salle Olympe"
    module.sessions = [edited]
    module.save_revision()
    assert "Salle Olympe" not in client.get(module.url).content.decode()
    module.save_revision().publish()
    html = client.get(module.url).content.decode()
    assert "Salle Olympe" in html and "Salle Marianne" not in html
