"""The page editor's form for every portal page: guards what the page tree cannot see."""

from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm


@cache
def reserved_slugs():
    """First path segments taken by the portal's own URLs (login, search, admin...)."""
    slugs = {"static", "media"}
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern | URLResolver):
            segment = str(pattern.pattern).lstrip("^").split("/")[0]
            if segment and segment.replace("-", "").isalnum():
                slugs.add(segment)
    return frozenset(slugs)


class PortalPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        parent = getattr(self, "parent_page", None)
        # Only the home page's children live at /<slug>/, where the portal's URLs come first.
        if slug and parent is not None and parent.depth == 2 and slug in reserved_slugs():
            self.add_error(
                "slug",
                _(
                    "L'adresse « /%(slug)s/ » est déjà utilisée par le portail : "
                    "choisissez un autre identifiant d'URL."
                )
                % {"slug": slug},
            )
        return cleaned_data
