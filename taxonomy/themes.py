"""The demo's themes (one list, used by the pages and experiences demos), keyed by slug."""

from .factories import ThemeFactory

THEMES = {
    "jeunesse": "Jeunesse",
    "familles": "Familles",
    "isolement": "Isolement",
    "tfpb": "TFPB",
    "gouvernance": "Gouvernance",
    "animation-territoriale": "Animation territoriale",
    "intelligence-collective": "Intelligence collective",
    "cooperation": "Coopération",
}


def ensure_themes():
    """The demo themes by slug, created once (an existing theme with the same slug is kept)."""
    return {slug: ThemeFactory(name=name, slug=slug) for slug, name in THEMES.items()}
