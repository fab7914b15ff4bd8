from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    link_page = blocks.PageChooserBlock(label=_("page"), required=False)
    link_url = blocks.URLBlock(label=_("or a web address"), required=False)
    label = blocks.CharBlock(label=_("button label"), max_length=40)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"


class PageBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="blocks/heading_block.html")
    paragraph = blocks.RichTextBlock(label=_("paragraph"))
    image = ImageBlock(label=_("image"))
    quote = blocks.BlockQuoteBlock(label=_("quote"))
    call_to_action = CallToActionBlock(label=_("call to action"))
