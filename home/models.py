from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from portal.models import PortalPage


class HomePage(PortalPage):
    """The portal's entry point: what is new, what is next, what to answer."""

    hero_title = models.CharField(_("titre d'accueil"), max_length=160)
    hero_text = RichTextField(
        _("texte d'accueil"),
        blank=True,
        features=["bold", "italic", "link", "document-link"],
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Accueil")),
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    # Each section of the portal is a child of the home page; apps add their index pages here.
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")
