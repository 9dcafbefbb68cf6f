"""StreamField blocks for the site's content pages.

The set is deliberately small: headings, paragraphs and a highlighted notice
are what the information pages need, and every block translates cleanly
segment by segment.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class NoticeBlock(blocks.RichTextBlock):
    class Meta:
        icon = "warning"
        label = _("Highlighted notice")
        template = "blocks/notice_block.html"


def generated_contents():
    """``{name: (label, render)}`` from every ``register_generated_content`` hook.

    Other apps offer content that code keeps up to date (the privacy notice's
    table of collected data, from ``intake``) without ``home`` importing them:
    a hook returns ``(name, label, render)`` where ``render(context)`` returns HTML.
    """
    return {
        name: (label, render)
        for name, label, render in (hook() for hook in hooks.get_hooks("register_generated_content"))
    }


def generated_content_choices():
    return [(name, label) for name, (label, _render) in generated_contents().items()]


class GeneratedContentBlock(blocks.ChoiceBlock):
    """A place in the page where generated content appears, always current; editors choose which."""

    def __init__(self, **kwargs):
        super().__init__(choices=generated_content_choices, **kwargs)

    def render_basic(self, value, context=None):
        found = generated_contents().get(value)
        return found[1](context) if found else ""

    class Meta:
        icon = "table"
        label = _("Generated content")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(max_length=120)
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"), icon="pilcrow")
    notice = NoticeBlock(features=RICH_TEXT_FEATURES)
    generated = GeneratedContentBlock()
