"""The pages that list the network: the experience index and the network map.

- ``ExperienceIndexPage`` → ``ExperiencePage``: territorial experiences and meetings.
- ``NetworkMapPage``: the accessible list and the map of the network; its list, map and GeoJSON
  all come from :func:`experiences.network.network_organisations`.

These pages call their views, which receive the page: the views import the content models
(``content.py``), never these pages.
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from experiences.listing import experience_index_context
from experiences.network import geojson_response, map_page_context
from portal.models import ListingPage


class ExperienceIndexPage(ListingPage):
    """The list of territorial experiences, filterable, with a small map."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["experiences.ExperiencePage"]

    class Meta:
        verbose_name = _("liste des expériences territoriales")
        verbose_name_plural = _("listes des expériences territoriales")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: a listing served from {% wagtailpagecache %} runs none of its queries.
        context["listing"] = SimpleLazyObject(lambda: experience_index_context(self, request))
        return context


class NetworkMapPage(RoutablePageMixin, ListingPage):
    """« Carte du réseau »: the accessible list of organisations, the map, and the GeoJSON."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    per_page = 25

    class Meta:
        verbose_name = _("carte du réseau")
        verbose_name_plural = _("cartes du réseau")

    @path("")
    def list_and_map(self, request):
        # Lazy: a listing served from {% wagtailpagecache %} runs none of its queries.
        listing = SimpleLazyObject(lambda: map_page_context(self, request))
        return self.render(request, context_overrides={"listing": listing})

    @path("geojson/", name="geojson")
    def geojson(self, request):
        return geojson_response(request)
