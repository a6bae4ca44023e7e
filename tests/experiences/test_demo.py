"""The demo content: faithful to the seed, idempotent, example.org addresses only."""

from io import StringIO

import pytest

from experiences import demo
from experiences.models import Contact, ExperiencePage, NetworkMapPage, Organisation, Territory


def snapshot():
    return (
        list(Territory.objects.order_by("pk").values_list("pk", "name", "parent_id")),
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "updated_at")),
        list(Contact.objects.order_by("pk").values_list("pk", "email", "updated_at")),
        list(ExperiencePage.objects.order_by("pk").values_list("pk", "slug", "latest_revision_id")),
    )


@pytest.mark.django_db
def test_demo_is_idempotent_and_faithful(home_page):
    out = StringIO()
    demo.load(stdout=out)
    first = snapshot()
    demo.load()
    assert snapshot() == first
    assert "9 contacts" in out.getvalue()

    assert NetworkMapPage.objects.live().count() == 1
    workshops = ExperiencePage.objects.filter(kind="experience").order_by("workshop")
    assert [page.workshop for page in workshops] == [
        "Atelier 1 / Salle Chardon",
        "Atelier 2 / Salle Myrtilles",
        "Atelier 3 / Espace Lorraine",
        "Atelier 4 / Salle Gruber",
    ]
    chapelle = workshops.get(workshop__startswith="Atelier 2")
    assert chapelle.territory.name == "Chantereigne Montvilliers Beau Toquat"
    assert sorted(c.full_name for c in chapelle.contacts.all()) == [
        "Anita Nobili",
        "Olivia Brulefert",
    ]
    meetings = ExperiencePage.objects.filter(kind="meeting").order_by("date")
    assert [(m.date.isoformat(), m.territory.name) for m in meetings] == [
        ("2025-03-07", "Bischheim"),
        ("2025-04-24", "Metz Métropole"),
        ("2025-05-16", "La Chapelle-Saint-Luc"),
    ]
    assert "approche globale" in meetings[0].takeaways

    assert all(
        email.endswith("@example.org") for email in Contact.objects.values_list("email", flat=True)
    )
    assert not Contact.objects.exclude(phone="").exists()
    forbach = Organisation.objects.get(name__startswith="Communauté d'Agglomération Forbach")
    assert (float(forbach.latitude), float(forbach.longitude)) == (49.18848, 6.89566)


@pytest.mark.django_db
def test_demo_pages_render(home_page, client_as):
    demo.load()
    client = client_as("partner")
    for page in (*ExperiencePage.objects.all(), NetworkMapPage.objects.get()):
        assert client.get(page.url).status_code == 200
    html = client.get(NetworkMapPage.objects.get().url).content.decode()
    assert "Adrien Noirault" in html and "adrien.noirault@example.org" in html
