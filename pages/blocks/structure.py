"""Structuring blocks: key figures, call to action, table, accordion, steps, timeline, links."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from portal.rich_text import TEXT_FEATURES


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("chiffre"), max_length=30)
    label = blocks.CharBlock(label=_("libellé"), max_length=160)

    class Meta:
        icon = "order"
        label = _("Chiffre")


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=160)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("chiffres"))

    class Meta:
        icon = "order"
        label = _("Chiffres clés")
        template = "pages/blocks/key_figures.html"
        preview_value = {
            "title": "Saison 2",
            "figures": [
                {"figure": "5", "label": "nouveaux modules proposés"},
                {"figure": "6", "label": "nouveaux et nouvelles collègues volontaires"},
            ],
        }
        description = _("Quelques chiffres mis en valeur, chacun avec son libellé.")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse web"), required=False)

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choisissez une page ou une adresse web."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Bouton d'action")
        template = "pages/blocks/call_to_action.html"
        preview_value = {"text": "S'inscrire à une session", "url": "https://example.org/"}
        description = _("Un bouton qui mène à une page du portail ou à une adresse web.")


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("titre du tableau"),
        max_length=200,
        help_text=_("Résume le contenu du tableau (lu par les lecteurs d'écran)."),
    )
    table = TableBlock(
        label=_("tableau"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )

    class Meta:
        icon = "table"
        label = _("Tableau")
        template = "pages/blocks/table.html"
        preview_value = {
            "caption": "Réponses à la question d'utilité",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [
                    ["Réponse", "Part"],
                    ["Oui", "85 %"],
                    ["Je ne sais pas trop encore", "14,2 %"],
                ],
            },
        }
        description = _("Un tableau de données avec son titre.")


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    content = blocks.RichTextBlock(label=_("contenu"), features=TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("éléments"))

    class Meta:
        icon = "list-ul"
        label = _("Accordéon")
        template = "pages/blocks/accordion.html"
        preview_value = {
            "items": [
                {"title": "Qu'est-ce que la coopération ?", "content": "<p>Agir ensemble.</p>"},
                {"title": "Qui peut participer ?", "content": "<p>Tous les métiers.</p>"},
            ]
        }
        description = _("Des sections repliables (questions fréquentes, détails).")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de l'étape"), max_length=200)
    duration = blocks.CharBlock(label=_("durée"), required=False, max_length=60)
    text = blocks.RichTextBlock(label=_("description"), required=False, features=TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Étape")
        template = "pages/blocks/step.html"
        preview_value = {
            "title": "Exposé de la situation par le porteur",
            "duration": "10 min",
            "text": "<p>Le porteur présente le sujet à discuter.</p>",
        }
        description = _("Une étape numérotée, avec sa durée.")


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=160)
    steps = blocks.ListBlock(StepBlock(), label=_("étapes"))

    class Meta:
        icon = "list-ol"
        label = _("Étapes numérotées")
        template = "pages/blocks/steps.html"
        preview_value = {
            "title": "Le co-développement",
            "steps": [
                {"title": "Exposé de la situation", "duration": "10 min", "text": ""},
                {"title": "Questions de clarification", "duration": "10 min", "text": ""},
            ],
        }
        description = _("Une suite ordonnée d'étapes, avec leur durée.")


class TimelineEntryBlock(blocks.StructBlock):
    period = blocks.CharBlock(label=_("période"), max_length=80)
    text = blocks.CharBlock(label=_("ce qui s'est passé"), max_length=300)


class TimelineBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=160)
    entries = blocks.ListBlock(TimelineEntryBlock(), label=_("jalons"))

    class Meta:
        icon = "time"
        label = _("Frise chronologique")
        template = "pages/blocks/timeline.html"
        preview_value = {
            "title": "Les étapes",
            "entries": [
                {"period": "Février / Mars 2023", "text": "Écoute et analyse"},
                {"period": "Sept. 2025", "text": "Lancement de la saison 2 !"},
            ],
        }
        description = _("Des jalons datés, dans l'ordre.")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("intitulé"), max_length=200)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse web"), required=False)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Lien")
        template = "pages/blocks/link.html"
        preview_value = {"title": "Carte des contrats de ville", "url": "https://example.org/"}
        description = _("Un lien vers une ressource, avec une courte description.")
