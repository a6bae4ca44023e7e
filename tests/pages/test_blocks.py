"""The StreamField block library: every block has an icon, a template and a preview that
renders; images need a text alternative unless decorative; no raw-HTML block."""

from wagtail import blocks as wagtail_blocks
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from pages.blocks import BodyBlock, OrderedStepsBlock, ResourcesBlock
from pages.blocks.media import ImageBlock

LIBRARY = [
    (name, block)
    for stream in (BodyBlock(), ResourcesBlock(), OrderedStepsBlock())
    for name, block in stream.child_blocks.items()
]


@pytest.mark.parametrize(("name", "block"), LIBRARY, ids=[name for name, _ in LIBRARY])
def test_each_block_has_an_icon_a_template_and_a_preview_that_renders(name, block):
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.template.startswith("pages/blocks/")
    preview = block.get_preview_value()
    assert preview is not None
    block.render(preview)  # the template exists and accepts the preview value


def test_there_is_no_raw_html_block():
    for _name, block in LIBRARY:
        assert not isinstance(block, wagtail_blocks.RawHTMLBlock)


@pytest.fixture
def image(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title="Atelier", file=get_test_image_file())


def test_an_image_needs_alt_text_unless_decorative(image):
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    assert "texte alternatif" in str(error.value.block_errors["alt_text"])
    value = block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert 'alt=""' in block.render(value)
    value = block.to_python({"image": image.pk, "alt_text": "Un groupe en atelier"})
    assert 'alt="Un groupe en atelier"' in block.render(value)


def test_the_key_figures_preview_renders_its_figures():
    html = (
        BodyBlock()
        .child_blocks["key_figures"]
        .render(BodyBlock().child_blocks["key_figures"].get_preview_value())
    )
    assert "<dd>5</dd>" in html and "nouveaux modules proposés" in html
