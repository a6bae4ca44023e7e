"""French dates in templates: « 1er janvier », « D'octobre 2025 à juin 2026 »."""

import datetime
import html

from django.template import Context, Template

D = datetime.date


def render(source, **context):
    return html.unescape(Template("{% load portal_tags %}" + source).render(Context(context)))


def test_the_first_of_a_month_is_1er():
    assert render('{{ d|french_date:"j F Y" }}', d=D(2025, 1, 1)) == "1er janvier 2025"
    assert render('{{ d|french_date:"l j F Y" }}', d=D(2025, 3, 1)) == "samedi 1er mars 2025"
    assert render('{{ d|french_date:"j F Y" }}', d=D(2025, 1, 12)) == "12 janvier 2025"
    assert render("{{ d|french_date }}", d=None) == ""


def test_a_period_by_month_elides_de_before_a_vowel():
    assert render("{% date_range a b %}", a=D(2025, 10, 1), b=D(2026, 6, 30)) == (
        "D'octobre 2025 à juin 2026"
    )
    assert render("{% date_range a b %}", a=D(2025, 1, 1), b=D(2025, 6, 30)) == (
        "De janvier à juin 2025"
    )
    assert render("{% date_range a b %}", a=D(2025, 4, 1), b=None) == "Depuis avril 2025"


def test_a_session_on_the_first_of_a_month_says_1er():
    from zoneinfo import ZoneInfo

    from pages.models import ModuleSession

    paris = ZoneInfo("Europe/Paris")
    start = datetime.datetime(2025, 4, 1, 9, 30, tzinfo=paris)
    session = ModuleSession(start=start, end=start + datetime.timedelta(hours=2))
    assert session.when == "mardi 1er avril 2025, 9h30 – 11h30"
    over_days = ModuleSession(start=start, end=datetime.datetime(2025, 5, 1, 16, tzinfo=paris))
    assert over_days.when == "mardi 1er avril 2025, 9h30 – jeudi 1er mai 2025, 16h00"
    later = ModuleSession(start=start + datetime.timedelta(days=1))
    assert later.when == "mercredi 2 avril 2025, 9h30"
