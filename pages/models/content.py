"""Plain content pages: about the project, the accessibility statement."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import BodyBlock
from portal.models import PortalPage
from portal.rich_text import TEXT_FEATURES

from .base import EditorialPage


class ContentPage(EditorialPage):
    """A plain page: an introduction and a body built from the shared blocks."""

    introduction = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "pages.ContentPage"]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")
