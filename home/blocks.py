"""StreamField blocks for the site's content pages.

The set is deliberately small: headings, paragraphs and a highlighted notice
are what the information pages need, and every block translates cleanly
segment by segment.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

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


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(max_length=120)
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"), icon="pilcrow")
    notice = NoticeBlock(features=RICH_TEXT_FEATURES)
