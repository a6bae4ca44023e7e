"""The themes snippet's admin views (registered in the pages app's « Contenus partagés » menu)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from taxonomy.models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    # The admin addresses the themes had in the pages app stay valid (bookmarks, links).
    url_prefix = "snippets/pages/theme"
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug"]
    search_fields = ["name"]
