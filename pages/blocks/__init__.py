"""The portal's StreamField block library, assembled in one place.

Blocks are defined by theme (``text``, ``media``, ``structure``); the block lists below are
the only ones the page models use, one per purpose, so that a change here is one migration.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .media import DocumentLinkBlock, ImageBlock
from .structure import (
    AccordionBlock,
    CallToActionBlock,
    CaptionedTableBlock,
    KeyFiguresBlock,
    LinkBlock,
    StepBlock,
    StepsBlock,
    TimelineBlock,
)
from .text import HeadingBlock, ParagraphBlock, QuoteBlock

__all__ = [
    "BodyBlock",
    "OrderedStepsBlock",
    "ResourcesBlock",
    "StepsBlock",
]

TEXT_GROUP = _("Texte")
MEDIA_GROUP = _("Médias")
STRUCTURE_GROUP = _("Structure")


class BodyBlock(blocks.StreamBlock):
    """The body of every editorial page."""

    heading = HeadingBlock(group=TEXT_GROUP)
    paragraph = ParagraphBlock(group=TEXT_GROUP)
    quote = QuoteBlock(group=TEXT_GROUP)
    image = ImageBlock(group=MEDIA_GROUP)
    document = DocumentLinkBlock(group=MEDIA_GROUP)
    key_figures = KeyFiguresBlock(group=STRUCTURE_GROUP)
    call_to_action = CallToActionBlock(group=STRUCTURE_GROUP)
    table = CaptionedTableBlock(group=STRUCTURE_GROUP)
    accordion = AccordionBlock(group=STRUCTURE_GROUP)
    steps = StepsBlock(group=STRUCTURE_GROUP)
    timeline = TimelineBlock(group=STRUCTURE_GROUP)


class ResourcesBlock(blocks.StreamBlock):
    """Resources attached to a page: links and documents."""

    link = LinkBlock()
    document = DocumentLinkBlock()


class OrderedStepsBlock(blocks.StreamBlock):
    """Ordered steps of a recipe or a method, each with its duration."""

    step = StepBlock()
