"""Every fact the demo site shows comes from a seed, or is visibly marked "Exemple fictif".

The seeds (../shared/seeds/, the only source of facts) are read as text. On every demo page
(events, syntheses, methods, experiences, the map, the Atelier's programme and its sessions,
"J'ai testé pour vous", the home page, the surveys, their results and keyword clouds) as an
agent reads them, and on the registrations pages (mine, the season dashboards, attendance and
team sheets, the tailor-made requests) as the coordination reads them, each full date, each
e-mail address and each word of a keyword cloud must appear in a seed, or be marked where it
stands. Marked means, in the parsed page:

- the block of text holding the value (its closest paragraph, list item, table row, heading…),
  or a block around it, holds in its own text (not in a block nested in it) the shared mark
  (``includes/example_mark.html``, ``class="example-mark"``), or the value is inside the mark
  or the note themselves;
- or an element around the value is described (``aria-describedby``) by the page's note
  (``includes/example_note.html``, ``class="example-note"``).

A mark elsewhere in the page, or a few lines away, does not count. The accessibility statement
is the portal's own, not a demo fact.
"""

import html as html_module
import re
import unicodedata
from pathlib import Path

from django.core.management import call_command
from django.test import Client

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString

from portal.factories import UserFactory
from portal.roles import AGENTS, COORDINATION

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
    "surveyindexpage",
    "surveypage",
}
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATE = re.compile(rf"\b(\d{{1,2}})(?:er)? ({MONTHS}) (\d{{4}})\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
MARK_CLASS = "example-mark"
NOTE_CLASS = "example-note"
# Blocks of text: a value and its mark must share one (inline elements inside it are part of
# it; a block nested in it is a block of its own).
BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# A table cell is not a block of its own: a row's date and the mark in its first cell go
# together.
CELLS = {"td", "th"}
# The blocks a mark can be attached to: a paragraph, a list item, a table row, a heading…, not
# a whole list, table, section or page.
MARK_HOLDERS = BLOCKS - {
    "article", "aside", "div", "dl", "fieldset", "figure", "footer", "form", "header", "main",
    "nav", "ol", "section", "table", "tbody", "tfoot", "thead", "ul",
}  # fmt: skip
# Not facts: scripts, styles, and filter menus (their option « Exemple fictif : … » is not
# the mark of a fact printed next to them).
SKIPPED = {"script", "style", "select", "template"}


def normalise(text):
    text = unicodedata.normalize("NFC", html_module.unescape(text)).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def seed_text():
    seeds = seeds_folder()
    if not seeds.is_dir():
        pytest.fail(f"Les documents sources manquent : {seeds}")
    return normalise(" ".join(path.read_text() for path in sorted(seeds.glob("*.txt"))))


def classes(element):
    return element.get("class") or []


def is_block(element):
    return element.name in BLOCKS and element.name not in CELLS


def own_parts(block):
    """The text nodes and elements of ``block`` itself, not of the blocks nested in it."""
    for child in block.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            yield child
        elif child.name in SKIPPED or is_block(child):
            continue
        else:
            yield child
            yield from own_parts(child)


def own_text(block):
    return normalise(" ".join(part for part in own_parts(block) if isinstance(part, str)))


def note_ids(main):
    return {note["id"] for note in main.find_all(class_=NOTE_CLASS) if note.get("id")}


def holds_mark(block):
    return any(MARK_CLASS in classes(part) for part in own_parts(block) if part.name)


def is_marked(block, notes):
    """The block, or a block around it, holds the mark in its own text; or the value sits in
    the mark or the note; or an element around it is described by the note."""
    for element in [block, *block.parents]:
        if MARK_CLASS in classes(element) or NOTE_CLASS in classes(element):
            return True
        if notes & set((element.get("aria-describedby") or "").split()):
            return True
        if element.name in MARK_HOLDERS and holds_mark(element):
            return True
    return False


def facts_not_in_seeds(html, seeds):
    """(fact, context) for each date, address or keyword neither in the seeds nor marked."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main", id="contenu") or soup
    notes = note_ids(main)
    found = []
    blocks = [main, *(element for element in main.find_all(True) if is_block(element))]
    for block in blocks:
        if any(parent.name in SKIPPED for parent in block.parents):
            continue
        text = own_text(block)
        facts = []
        for match in DATE.finditer(text):
            day, month, year = match.groups()
            if f"{int(day)} {month} {year}" not in seeds:
                facts.append(match.group(0))
        facts += [match.group(0) for match in EMAIL.finditer(text) if match.group(0) not in seeds]
        if "word-cloud__word" in classes(block):
            keyword = normalise(block.find(string=True, recursive=False) or "")
            if keyword and keyword not in seeds:
                facts.append(keyword)
        if facts and not is_marked(block, notes):
            found += [(fact, text[:160]) for fact in facts]
    return found


def registrations_urls():
    """The registrations pages of the demo: the coordination's view of its sessions."""
    from pages.models import ModuleSession, SeasonPage

    urls = ["/inscriptions/", "/inscriptions/demandes/"]
    urls += [
        f"/inscriptions/saisons/{pk}/tableau-de-bord/"
        for pk in SeasonPage.objects.values_list("pk", flat=True)
    ]
    sessions = ModuleSession.objects.order_by("start")
    for session in [sessions.first(), sessions.last(), sessions.filter(is_tailor_made=True).last()]:
        urls += [f"/inscriptions/sessions/{session.pk}/presences/"]
        if session.is_tailor_made:
            urls += [f"/inscriptions/sessions/{session.pk}/equipe/"]
    return urls


def test_every_fact_shown_comes_from_a_seed_or_is_marked(settings):
    from wagtail.models import Page

    settings.DEBUG = False
    call_command("load_demo_content", "--no-accounts", verbosity=0)
    seeds = seed_text()
    agent = Client()
    agent.force_login(UserFactory(username="faits.agent", role=AGENTS))
    coordination = Client()
    coordination.force_login(UserFactory(username="faits.coordination", role=COORDINATION))
    pages = [
        page
        for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path")
        if page._meta.model_name in CHECKED_TYPES
    ]
    assert len(pages) > 12
    checked = {page._meta.model_name for page in pages}
    assert checked == CHECKED_TYPES, CHECKED_TYPES - checked
    urls = [(agent, page.url) for page in pages]
    urls += [
        (coordination, page.url + "resultats/")
        for page in pages
        if page._meta.model_name == "surveypage"
    ]
    urls += [(coordination, url) for url in registrations_urls()]
    report = []
    for client, url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for fact, context in facts_not_in_seeds(response.content.decode(), seeds):
            report.append(f"{url} : « {fact} » (… {context} …)")
    assert not report, "Faits absents des sources et non marqués :\n" + "\n".join(report)


def test_an_invented_fact_beside_its_mark_passes_and_alone_fails():
    seeds = normalise("La journée régionale du 2 octobre 2025. Coopérer")
    page = '<main id="contenu"><p>Le 2 octobre 2025 puis le 5 mai 2031.</p></main>'
    assert [fact for fact, _ in facts_not_in_seeds(page, seeds)] == ["5 mai 2031"]
    marked = (
        '<main id="contenu"><p>Le 5 mai 2031 <span class="example-mark">Exemple fictif'
        "</span>, écrire à a.b@example.org</p></main>"
    )
    assert facts_not_in_seeds(marked, seeds) == []


def test_a_mark_counts_only_in_the_same_block_of_text():
    seeds = normalise("Coopérer")
    # The mark in the next paragraph, or a plain "Exemple fictif" without the shared mark.
    apart = (
        '<main id="contenu"><p>Le 5 mai 2031</p><p><span class="example-mark">Exemple fictif'
        "</span></p><p>a.b@example.org (Exemple fictif)</p></main>"
    )
    assert [fact for fact, _ in facts_not_in_seeds(apart, seeds)] == [
        "5 mai 2031",
        "a.b@example.org",
    ]
    # A list item holding the mark covers its dates, those of the blocks in it too (a
    # session's form, its links), not those of the next item.
    nested = (
        '<main id="contenu"><ul><li><time>5 mai 2031</time> <span class="example-mark">Exemple '
        "fictif</span><form><button>S'inscrire le 5 mai 2031</button></form></li>"
        "<li>6 mai 2031</li></ul></main>"
    )
    assert [fact for fact, _ in facts_not_in_seeds(nested, seeds)] == ["6 mai 2031"]
    # A table row: the mark in its first cell covers the date in another cell.
    row = (
        '<main id="contenu"><table><tr><th>Module <span class="example-mark">Exemple fictif'
        "</span></th><td>5 mai 2031</td></tr><tr><th>Module</th><td>6 mai 2031</td></tr>"
        "</table></main>"
    )
    assert [fact for fact, _ in facts_not_in_seeds(row, seeds)] == ["6 mai 2031"]


def test_a_cloud_described_by_the_note_passes():
    seeds = normalise("Coopérer ensemble")
    cloud = (
        '<ul class="word-cloud"{describedby}><li class="word-cloud__word">coopérer<span> (3 fois)'
        '</span></li><li class="word-cloud__word">confiance<span> (2 fois)</span></li></ul>'
    )
    note = (
        '<p class="example-note" id="note-exemple"><span class="example-mark">Exemple fictif'
        "</span> Réponses inventées.</p>"
    )
    alone = f'<main id="contenu">{note}{cloud.format(describedby="")}</main>'
    assert [fact for fact, _ in facts_not_in_seeds(alone, seeds)] == ["confiance"]
    described = cloud.format(describedby=' aria-describedby="note-exemple"')
    assert facts_not_in_seeds(f'<main id="contenu">{note}{described}</main>', seeds) == []
