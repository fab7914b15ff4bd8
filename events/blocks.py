from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class ScheduleItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("time"), max_length=40, help_text=_("e.g. 18:30"))
    title = blocks.CharBlock(label=_("what"), max_length=200)

    class Meta:
        icon = "time"
        label = _("Schedule item")


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/faq_block.html"


class EventBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="blocks/heading_block.html")
    paragraph = blocks.RichTextBlock(label=_("paragraph"))
    image = ImageBlock(label=_("image"))
    schedule = blocks.ListBlock(ScheduleItemBlock(), label=_("schedule"), template="blocks/schedule_block.html")
    faq = FaqBlock()
    embed = blocks.URLBlock(label=_("link"), help_text=_("A related link, e.g. the project board."))

    class Meta:
        block_counts = {}
