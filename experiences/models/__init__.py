"""The territorial network's models: content (``content.py``) below, listing pages above it.

``content.py`` holds territories, organisations, contacts, import runs and experience pages;
``listings.py`` the experience index and the network map, which call the views of
``experiences.listing`` and ``experiences.network`` (those views import ``content`` only).
"""

from .content import (
    FRANCE_BOXES,
    Contact,
    ExperiencePage,
    ImportRun,
    NetworkModel,
    Organisation,
    PointMixin,
    Territory,
    coordinate_field,
    in_france,
)
from .listings import ExperienceIndexPage, NetworkMapPage

__all__ = [
    "FRANCE_BOXES",
    "Contact",
    "ExperienceIndexPage",
    "ExperiencePage",
    "ImportRun",
    "NetworkMapPage",
    "NetworkModel",
    "Organisation",
    "PointMixin",
    "Territory",
    "coordinate_field",
    "in_france",
]
