"""Text blocks: rich text, headings, quotes."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

# The one rich-text feature set of the portal: no raw HTML, no inline images, no embeds.
from portal.rich_text import TEXT_FEATURES


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        template = "pages/blocks/paragraph.html"
        preview_value = (
            "<p>Passer de « chacun à sa place » à « chacun a sa place » : "
            "<b>insuffler l'intelligence collective</b> dans les pratiques quotidiennes.</p>"
        )
        description = _("Texte mis en forme : gras, italique, liens et listes.")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Niveau 2")), ("h3", _("Niveau 3")), ("h4", _("Niveau 4"))],
        default="h2",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "pages/blocks/heading.html"
        preview_value = {"text": "Les engagements", "level": "h2"}
        description = _("Un intertitre de niveau 2, 3 ou 4 qui structure la page.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur ou autrice"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation ou témoignage")
        template = "pages/blocks/quote.html"
        preview_value = {
            "quote": "Groupe très sympa et animation très réussie.",
            "attribution": "Une participante",
        }
        description = _("Une citation ou le témoignage d'un ou d'une participante.")
