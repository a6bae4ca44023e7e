"""What every editorial page type shares: listings, pagination, teasers, facilitator links."""

from django.db import models
from django.db.models import F
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.models import Orderable

from portal.access import visible_pages
from portal.models import ListingPage, PortalPage
from taxonomy.models import Theme


def editorial_tabs(*tabs):
    """The admin tabs of a long page type: its own ``(heading, panels)`` tabs, then the
    usual « Promotion » and « Paramètres » tabs."""
    return TabbedInterface(
        [
            *(ObjectList(panels, heading=heading) for heading, panels in tabs),
            ObjectList(PortalPage.promote_panels, heading=_("Promotion")),
            ObjectList(PortalPage.settings_panels, heading=_("Paramètres")),
        ]
    )


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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if hasattr(self, "themes"):
            context["page_themes"] = self.themes.all()
        return context


class IndexPage(ListingPage, EditorialPage):
    """Abstract base of index pages: an introduction and a paginated, filtered listing.

    Override points: ``listing_filters`` (any of "theme", "format", "kind", "season",
    "period"),
    ``listing_date_field`` (for the period filter and ordering), ``listing_title``. A listing
    filtered by "season" defines ``season_choices(request)`` (seasons are a subclass of this
    module's pages: this base does not import them).
    """

    listing_filters = ()
    listing_date_field = None
    listing_title = _("Toutes les pages")

    class Meta:
        abstract = True

    @property
    def listing_model(self):
        return self.allowed_subpage_models()[0]

    def child_pages(self, request):
        """The live children the user may see, as specific pages, most recent first."""
        model = self.listing_model
        queryset = visible_pages(model.objects.child_of(self).live(), request.user)
        if self.listing_date_field:
            # Pages with no known date come last.
            queryset = queryset.order_by(F(self.listing_date_field).desc(nulls_last=True), "path")
        else:
            queryset = queryset.order_by("path")
        if any(field.name == "themes" for field in model._meta.get_fields()):
            queryset = queryset.prefetch_related(
                models.Prefetch("themes", queryset=Theme.objects.all(), to_attr="prefetched_themes")
            )
        return queryset

    def listing_filterset(self, request):
        """The index's FilterSet (its ``listing_filters``), over :meth:`child_pages`."""
        from pages.filters import listing_filterset_class

        model = self.listing_model
        fields = tuple(self.listing_filters)
        choices = {}
        if "theme" in fields:
            choices["theme"] = [
                (theme.slug, theme.name)
                for theme in Theme.objects.filter(
                    pk__in=model.themes.through.objects.filter(
                        **{f"{model._meta.model_name}__in": model.objects.child_of(self).live()}
                    ).values("theme_id")
                )
            ]
        if "format" in fields:
            choices["format"] = model._meta.get_field("format").choices
        if "kind" in fields:
            choices["kind"] = model._meta.get_field("kind").choices
        return listing_filterset_class(fields)(
            request.GET or None,
            queryset=self.child_pages(request),
            date_field=self.listing_date_field,
            seasons=self.season_choices(request) if "season" in fields else (),
            choices=choices,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: nothing is queried when the listing comes from the cache.
        filterset = SimpleLazyObject(lambda: self.listing_filterset(request))
        context.update(
            filter_form=SimpleLazyObject(lambda: filterset.form),
            items=SimpleLazyObject(lambda: self.paginate(request, filterset.qs.distinct())),
            listing_title=self.listing_title,
        )
        return context


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
