"""The module page's session list: each session's line says the same things, however long the
list (its sentences are translated once per distinct value, not once per session)."""

import datetime

from django.utils import timezone

import pytest

from registrations.services import register

pytestmark = pytest.mark.django_db


def test_each_session_line_reads_as_before(module, make_session, make_user, client_as):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=12)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    full = make_session(
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=1,
        place="Maison <des> associations",
        room="Salle 2",
    )
    register(make_user("agent"), full.pk)
    unlimited = make_session(
        start=start + datetime.timedelta(days=1),
        end=start + datetime.timedelta(days=1, hours=2),
        capacity=None,
        is_fictitious=True,
    )
    tailor_made = make_session(
        start=start + datetime.timedelta(days=2),
        end=start + datetime.timedelta(days=2, hours=2),
        capacity=3,
        is_tailor_made=True,
        requesting_team="Équipe « Jeunesse & familles »",
    )
    html = client_as("agent").get(module.url).content.decode()

    assert f'<time datetime="{start.isoformat()}">{full.when}</time>' in html
    assert '<span class="session__place"> · Maison &lt;des&gt; associations, Salle 2</span>' in html
    assert "<span> · 1 place</span>" in html
    assert "Complet : inscription en liste d'attente" in html
    assert "Rejoindre la liste d'attente" in html
    assert f'<span class="visually-hidden"> à la session du {full.when}</span>' in html

    assert "Places non limitées" in html
    assert ' <span class="example-mark">Exemple fictif</span>' in html
    assert f'<span class="visually-hidden"> à la session du {unlimited.when}</span>' in html

    assert "<span> · 3 places</span>" in html
    assert ' <span class="tag">Sur-mesure</span>' in html
    assert " <span>à la demande de : Équipe « Jeunesse &amp; familles »</span>" in html
    assert f"session-{tailor_made.pk}" in html
    assert "Session sur-mesure : les inscriptions passent par le contact" in html


def test_my_registrations_show_the_same_session_line(session, make_user, client_as):
    client = client_as("agent")
    register(client.user, session.pk)
    from django.urls import reverse

    html = client.get(reverse("registrations:mine")).content.decode()
    start = timezone.localtime(session.start).isoformat()
    assert f'<time datetime="{start}">{session.when}</time>' in html
    assert "<span> · 2 places</span>" in html


def test_session_dates_read_as_djangos_french_date_format():
    """ModuleSession.when writes its dates out by hand: the same text as date_format (with
    « 1er » on the first of a month)."""
    from django.utils.formats import date_format
    from django.utils.translation import override

    from pages.models import ModuleSession

    def day(moment):  # « 1er avril » (French typography), « 2 avril »
        return "l j\\e\\r F Y, G\\hi" if moment.day == 1 else "l j F Y, G\\hi"

    paris = timezone.get_current_timezone()
    first = datetime.datetime(2025, 1, 1, 0, 5, tzinfo=paris)
    for days in range(0, 400, 13):
        start = first + datetime.timedelta(days=days, hours=days % 24, minutes=days % 60)
        for end in (start + datetime.timedelta(hours=2), start + datetime.timedelta(days=1)):
            start_local, end_local = timezone.localtime(start), timezone.localtime(end)
            with override("fr"):
                expected = date_format(start_local, day(start_local)) + " – "
                if end_local.date() == start_local.date():
                    expected += date_format(end_local, "G\\hi")
                else:
                    expected += date_format(end_local, day(end_local))
            for language in ("fr", "en"):
                with override(language):
                    assert ModuleSession(start=start, end=end).when == expected
