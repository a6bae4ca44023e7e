"""Search result presentation: an excerpt around the words searched, with them highlighted."""

import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search import index

EXCERPT_RADIUS = 110
MIN_TERM_LENGTH = 3


class _FoldTable(dict):
    """``str.translate`` table mapping each character to its first NFD character (« é » →
    « e »), filled the first time a character is met."""

    def __missing__(self, code):
        self[code] = folded = unicodedata.normalize("NFD", chr(code))[0]
        return folded


_FOLD_TABLE = _FoldTable()


def _fold(text):
    """Lower-case, accent-free text of the same length (for matching « coopération »)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return lowered.translate(_FOLD_TABLE)


def search_terms(query):
    return [term for term in re.findall(r"\w+", _fold(query)) if len(term) >= MIN_TERM_LENGTH]


def _searchable_text(page):
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            value = field.get_value(page)
        except (AttributeError, TypeError):
            continue
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        if value:
            parts.append(strip_tags(str(value)))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def highlight(text, terms):
    """Escape ``text`` and wrap the words starting with one of ``terms`` in <mark>."""
    if not terms:
        return escape(text)
    folded = _fold(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(term[:5]) for term in terms) + r")\w*")
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def result_facts(page):
    """What a search result shows of ``page`` (its specific instance) whatever the words
    searched: its searchable text, the excerpt shown when none of the words is found, its
    period or date. Plain values, cached per page under the content version."""
    text = _searchable_text(page)
    return {
        "text": text,
        "fallback": (
            getattr(page, "teaser_text", "")
            or page.search_description
            or text[: 2 * EXCERPT_RADIUS]
        ),
        "period": getattr(page, "teaser_period", None),
        "date": getattr(page, "teaser_date", None),
    }


def facts_excerpt(facts, terms):
    """A highlighted excerpt of the page around the first word searched, or its description,
    from the page's :func:`result_facts` and the words searched (:func:`search_terms`).

    Words match on their first five letters, a rough stand-in for French stemming
    (« coopérer » finds « coopération »); the search itself is done by the database.
    """
    text = facts["text"]
    folded = _fold(text)
    positions = [folded.find(term[:5]) for term in terms]
    positions = [position for position in positions if position >= 0]
    if positions:
        start = max(0, min(positions) - EXCERPT_RADIUS // 2)
        end = min(len(text), start + 2 * EXCERPT_RADIUS)
        snippet = text[start:end]
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(prefix + highlight(snippet, terms) + suffix)
    return highlight(facts["fallback"], terms)
