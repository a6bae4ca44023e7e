"""Admin registration of the pages app's snippets, and its sections of the home page."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages import home_sections
from pages.models import Person, Testimonial
from taxonomy.views import ThemeViewSet


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    list_display = ["name", "role", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation"]


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Témoignages")
    list_display = ["__str__", "attribution", "page"]
    search_fields = ["quote"]


class EditorialSnippetsGroup(SnippetViewSetGroup):
    items = (PersonViewSet, TestimonialViewSet, ThemeViewSet)
    menu_icon = "folder-inverse"
    menu_label = _("Contenus partagés")
    menu_name = "contenus-partages"


register_snippet(EditorialSnippetsGroup)

hooks.register("portal_home_sections", home_sections.featured_pages)
hooks.register("portal_home_sections", home_sections.upcoming_sessions)
hooks.register("portal_home_sections", home_sections.season_figures)
hooks.register("portal_home_sections", home_sections.latest_sharing_sessions)
