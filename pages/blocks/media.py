"""Media blocks: images with a text alternative, document links."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("texte alternatif"),
        required=False,
        max_length=250,
        help_text=_("Décrit ce que l'image apporte au texte. Obligatoire sauf image décorative."),
    )
    decorative = blocks.BooleanBlock(
        label=_("image décorative"),
        required=False,
        help_text=_(
            "Cochez si l'image n'apporte aucune information "
            "(elle sera ignorée par les lecteurs d'écran)."
        ),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not value.get("alt_text"):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Saisissez un texte alternatif ou cochez « image décorative ».")
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "pages/blocks/image.html"
        preview_value = {"alt_text": "", "decorative": True, "caption": ""}
        description = _("Une image avec son texte alternatif, ou marquée décorative.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("intitulé du lien"),
        required=False,
        max_length=200,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "pages/blocks/document_link.html"
        preview_value = {"title": "Synthèse de l'atelier (PDF)"}
        description = _("Un document à télécharger, avec son format et son poids.")
