"""Event pages: the agenda in order, workshops linked to their experience when it is live and
visible, method workshops linked to their method sheet."""

import pytest

from experiences.factories import ExperienceIndexPageFactory, ExperiencePageFactory
from pages.factories import (
    EventAgendaItemFactory,
    EventIndexPageFactory,
    EventPageFactory,
    EventWorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page, visible_to_partners=True)
    return EventPageFactory(parent=index, title="Journée régionale", visible_to_partners=True)


def test_the_agenda_keeps_its_order_and_shows_durations(event, client_as):
    EventAgendaItemFactory(page=event, sort_order=0, title="Mise en route", duration_minutes=7)
    EventAgendaItemFactory(page=event, sort_order=1, title="Co-écriture", duration_minutes=90)
    content = client_as("agent").get(event.url).content.decode()
    assert content.index("Mise en route") < content.index("Co-écriture")
    assert "(7 min)" in content and "(1 h 30)" in content


def test_a_workshop_links_to_its_experience_only_when_live_and_visible(event, home_page, client_as):
    # The experience page stores the link: its event and its workshop number.
    experience = ExperiencePageFactory(
        parent=ExperienceIndexPageFactory(parent=home_page),
        title="Village des solidarités",
        visible_to_partners=False,
        event=event,
        workshop="Atelier 4 / Salle Gruber",
    )
    EventWorkshopFactory(page=event, number=4, subject="Concevoir un village")
    link = f'<a href="{experience.url}">Concevoir un village</a>'

    assert link in client_as("agent").get(event.url).content.decode()
    partner_view = client_as("partner").get(event.url).content.decode()
    assert "Concevoir un village" in partner_view and link not in partner_view

    experience.unpublish()
    assert link not in client_as("agent").get(event.url).content.decode()


def test_a_method_workshop_links_to_its_live_method_sheet(event, home_page, client_as):
    from pages.factories import EventMethodWorkshopFactory, MethodIndexPageFactory
    from pages.factories import MethodPageFactory as SheetFactory

    sheet = SheetFactory(parent=MethodIndexPageFactory(parent=home_page), title="Fiche")
    EventMethodWorkshopFactory(page=event, method_name="Co-développement", method=sheet)
    link = f'<a href="{sheet.url}">Co-développement</a>'
    assert link in client_as("agent").get(event.url).content.decode()
    sheet.unpublish()
    assert link not in client_as("agent").get(event.url).content.decode()
