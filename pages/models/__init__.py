"""The pages app's models, one module per family of page types."""

from .base import EditorialPage, IndexPage, PersonLink
from .seasons import (
    ModuleFacilitator,
    ModulePage,
    ModuleSession,
    SeasonIndexPage,
    SeasonPage,
)
from .snippets import Person, Testimonial, Theme

__all__ = [
    "EditorialPage",
    "IndexPage",
    "ModuleFacilitator",
    "ModulePage",
    "ModuleSession",
    "Person",
    "PersonLink",
    "SeasonIndexPage",
    "SeasonPage",
    "Testimonial",
    "Theme",
]
