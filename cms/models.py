from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from events.bilingual import FRENCH_TAB_HELP, BilingualPage, bilingual_edit_handler, localized_property
from events.models.i18n import LanguageUrlMixin
from events.services.listing import mixed_next_events

from .blocks import PageBodyBlock


class HomePage(LanguageUrlMixin, BilingualPage, Page):
    headline = models.CharField(_("headline"), max_length=200, default="Build a better city, together")
    headline_fr = models.CharField(_("headline in French"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    intro_fr = RichTextField(_("introduction in French"), blank=True)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))
    body_fr = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body in French"))

    content_panels = Page.content_panels + [FieldPanel("headline"), FieldPanel("intro"), FieldPanel("body")]
    edit_handler = bilingual_edit_handler(
        content_panels, [FieldPanel("headline_fr"), FieldPanel("intro_fr"), FieldPanel("body_fr")]
    )
    search_fields = Page.search_fields + [index.SearchField("title_fr")]
    display_headline = localized_property("headline")
    display_intro = localized_property("intro")
    display_body = localized_property("body")
    subpage_types = ["events.EventIndexPage", "events.GroupIndexPage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.models import EventIndexPage, GroupPage

        context = super().get_context(request, *args, **kwargs)
        context["next_events"] = mixed_next_events(limit=6)
        context["event_index"] = EventIndexPage.objects.live().first()
        context["groups"] = GroupPage.objects.live().public().order_by("title")[:8]
        return context


class StandardPage(LanguageUrlMixin, BilingualPage, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    intro_fr = models.CharField(_("introduction in French"), max_length=300, blank=True)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))
    body_fr = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body in French"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    edit_handler = bilingual_edit_handler(content_panels, [FieldPanel("intro_fr"), FieldPanel("body_fr")])
    search_fields = Page.search_fields + [
        index.SearchField("title_fr"),
        index.SearchField("intro_fr"),
        index.SearchField("body_fr"),
    ]
    display_intro = localized_property("intro")
    display_body = localized_property("body")
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(_("tagline"), max_length=200, blank=True, default="Civic tech events, together")
    footer_text = RichTextField(_("footer text"), blank=True)
    tagline_fr = models.CharField(
        _("tagline in French"), max_length=200, blank=True, default="Des activités civic tech, ensemble"
    )
    footer_text_fr = RichTextField(_("footer text in French"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    code_of_conduct_url = models.URLField(_("code of conduct"), blank=True)
    x_handle = models.CharField(_("X handle"), max_length=50, blank=True)
    mastodon_url = models.URLField(_("Mastodon profile"), blank=True)
    bluesky_handle = models.CharField(_("Bluesky handle"), max_length=100, blank=True)

    panels = [
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("code_of_conduct_url"),
        MultiFieldPanel(
            [FieldPanel("x_handle"), FieldPanel("mastodon_url"), FieldPanel("bluesky_handle")],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [HelpPanel(FRENCH_TAB_HELP), FieldPanel("tagline_fr"), FieldPanel("footer_text_fr")],
            heading="Français",
        ),
    ]
    display_tagline = localized_property("tagline")
    display_footer_text = localized_property("footer_text")

    class Meta:
        verbose_name = _("site settings")


class DemoRecord(models.Model):
    """One piece of demo content that `load_demo` created. It is never created again, even after an
    organizer deleted it: a restarted `make run` must not bring back events under new UIDs."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demo content record")

    def __str__(self):
        return self.key
