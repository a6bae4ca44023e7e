"""Every fact the demo site shows comes from a seed, or is visibly marked "Exemple fictif".

The seeds (../shared/seeds/, the only source of facts) are read as text. On every demo page of
the network and events side (events, syntheses, methods, experiences, the map), of the
Atelier's programme (the season index, the seasons, their modules and sessions, "J'ai testé pour
vous") and on the home page, as an agent reads them, each full date and each e-mail address
shown must appear in a seed, or carry the "Exemple fictif" mark right beside it. Not yet
checked here: the surveys, whose demo content other modules build; the accessibility statement
is the portal's own, not a demo fact.
"""

import html as html_module
import re
import unicodedata
from pathlib import Path

from django.core.management import call_command
from django.test import Client

import pytest

from portal.factories import UserFactory
from portal.roles import AGENTS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def seeds_folder():
    """``shared/seeds`` beside the checkout (or beside one of its parents, for worktrees)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"


CHECKED_TYPES = {
    "eventindexpage",
    "eventpage",
    "workshopreportindexpage",
    "workshopreportpage",
    "methodindexpage",
    "methodpage",
    "experienceindexpage",
    "experiencepage",
    "networkmappage",
    "seasonindexpage",
    "seasonpage",
    "modulepage",
    "sharingsessionindexpage",
    "sharingsessionpage",
    "homepage",
}
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATE = re.compile(rf"\b(\d{{1,2}})(?:er)? ({MONTHS}) (\d{{4}})\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
MARK = "Exemple fictif"


def normalise(text):
    text = unicodedata.normalize("NFC", html_module.unescape(text)).replace("’", "'")
    return re.sub(r"\s+", " ", text).lower()


def seed_text():
    seeds = seeds_folder()
    if not seeds.is_dir():
        pytest.fail(f"Les documents sources manquent : {seeds}")
    return normalise(" ".join(path.read_text() for path in sorted(seeds.glob("*.txt"))))


def visible_html(html):
    """The page's main content without scripts, styles, filter menus and attribute values."""
    main = html.split('<main id="contenu"', 1)[-1].split("</main>", 1)[0]
    # Filter menus are not facts, and their option « Exemple fictif : … » must not pass as the
    # mark of a fact printed next to them.
    main = re.sub(r"<(script|style|select)\b.*?</\1>", "", main, flags=re.S)
    return main


def facts_not_in_seeds(html, seeds):
    """(fact, context) for each date or address neither in the seeds nor marked beside it."""
    body = visible_html(html)
    text = re.sub(r"<[^>]+>", " ", body)
    text = normalise(text)
    found = []
    for match in DATE.finditer(text):
        day, month, year = match.groups()
        if f"{int(day)} {month} {year}" in seeds:
            continue
        window = text[max(0, match.start() - 300) : match.end() + 300]
        if MARK.lower() not in window:
            found.append((match.group(0), text[max(0, match.start() - 60) : match.end() + 20]))
    for match in EMAIL.finditer(text):
        if match.group(0) in seeds:
            continue
        window = text[match.end() : match.end() + 40]
        if MARK.lower() not in window:
            found.append((match.group(0), text[max(0, match.start() - 60) : match.end() + 20]))
    return found


def test_every_fact_shown_comes_from_a_seed_or_is_marked(settings):
    from wagtail.models import Page

    settings.DEBUG = False
    call_command("load_demo_content", "--no-accounts", verbosity=0)
    seeds = seed_text()
    client = Client()
    client.force_login(UserFactory(username="faits.agent", role=AGENTS))
    pages = [
        page
        for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path")
        if page._meta.model_name in CHECKED_TYPES
    ]
    assert len(pages) > 12
    checked = {page._meta.model_name for page in pages}
    assert checked == CHECKED_TYPES, CHECKED_TYPES - checked
    report = []
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        for fact, context in facts_not_in_seeds(response.content.decode(), seeds):
            report.append(f"{page.url} : « {fact} » (… {context} …)")
    assert not report, "Faits absents des sources et non marqués :\n" + "\n".join(report)


def test_an_invented_fact_beside_its_mark_passes_and_alone_fails():
    seeds = normalise("La journée régionale du 2 octobre 2025.")
    page = '<main id="contenu"><p>Le 2 octobre 2025 puis le 5 mai 2031.</p></main>'
    assert [fact for fact, _ in facts_not_in_seeds(page, seeds)] == ["5 mai 2031"]
    marked = (
        '<main id="contenu"><p>Le 5 mai 2031 <span class="example-mark">Exemple fictif'
        "</span>, écrire à a.b@example.org <span>Exemple fictif</span></p></main>"
    )
    assert facts_not_in_seeds(marked, seeds) == []
