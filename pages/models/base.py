"""What every editorial page type shares: listings, pagination, teasers, facilitator links."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from pages.blocks import RICH_TEXT_FEATURES
from portal.access import visible_pages
from portal.models import PortalPage

ITEMS_PER_PAGE = 12


class EditorialPage(PortalPage):
    """Abstract base of the pages app's page types: a teaser for listings and search."""

    #: Name of the field holding the date shown in listings and search results (or None).
    teaser_date_field = None

    class Meta:
        abstract = True

    @property
    def teaser_date(self):
        return getattr(self, self.teaser_date_field) if self.teaser_date_field else None

    @property
    def teaser_text(self):
        return self.search_description


class IndexPage(EditorialPage):
    """Abstract base of index pages: an introduction and a paginated, filtered listing."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]
    items_per_page = ITEMS_PER_PAGE

    class Meta:
        abstract = True

    def child_pages(self, request):
        """The live children the user may see, as specific pages (override to filter/order)."""
        model = self.allowed_subpage_models()[0]
        return visible_pages(model.objects.child_of(self).live(), request.user)

    def paginate(self, request, queryset):
        return Paginator(queryset, self.items_per_page).get_page(request.GET.get("page"))


class PersonLink(Orderable):
    """Abstract inline link from a page to a Person snippet (facilitators, presenters...)."""

    person = models.ForeignKey(
        "pages.Person", verbose_name=_("personne"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.person)
