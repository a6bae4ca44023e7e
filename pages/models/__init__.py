"""The pages app's models, one module per family of page types."""

from .base import EditorialPage, IndexPage, PersonLink
from .content import ContentPage
from .events import EventAgendaItem, EventIndexPage, EventMethodWorkshop, EventPage, EventWorkshop
from .methods import MethodIndexPage, MethodPage
from .reports import WorkshopReportIndexPage, WorkshopReportPage
from .seasons import (
    ModuleFacilitator,
    ModulePage,
    ModuleSession,
    SeasonIndexPage,
    SeasonPage,
)
from .sharing import SharingSessionIndexPage, SharingSessionPage, SharingSessionPresenter
from .snippets import Person, Testimonial

__all__ = [
    "ContentPage",
    "EditorialPage",
    "EventAgendaItem",
    "EventIndexPage",
    "EventMethodWorkshop",
    "EventPage",
    "EventWorkshop",
    "IndexPage",
    "MethodIndexPage",
    "MethodPage",
    "ModuleFacilitator",
    "ModulePage",
    "ModuleSession",
    "Person",
    "PersonLink",
    "SeasonIndexPage",
    "SeasonPage",
    "SharingSessionIndexPage",
    "SharingSessionPage",
    "SharingSessionPresenter",
    "Testimonial",
    "WorkshopReportIndexPage",
    "WorkshopReportPage",
]
