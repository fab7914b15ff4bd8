from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..admin_forms import GroupPageForm
from ..bilingual import BilingualPage, bilingual_edit_handler, localized_property
from ..permissions import GroupScopedPagePermissionTester


class GroupIndexPage(BilingualPage, Page):
    intro = RichTextField(_("introduction"), blank=True)
    intro_fr = RichTextField(_("introduction in French"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    edit_handler = bilingual_edit_handler(content_panels, [FieldPanel("intro_fr")])
    search_fields = Page.search_fields + [index.SearchField("title_fr")]
    display_intro = localized_property("intro")
    subpage_types = ["events.GroupPage"]
    max_count = 1

    class Meta:
        verbose_name = _("group index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = GroupPage.objects.child_of(self).live().public().order_by("title")
        return context


class GroupPage(BilingualPage, Page):
    """A community that organizes events, e.g. Civic Tech Toronto or HackerNest Mississauga."""

    city = models.CharField(_("city"), max_length=100)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_fr = models.CharField(_("summary in French"), max_length=300, blank=True)
    body = RichTextField(_("about the group"), blank=True)
    body_fr = RichTextField(_("about the group, in French"), blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_(
            "Shown as the organizer of the group's events in calendar apps, and where replies to the organizers' "
            "messages go; leave empty for neither."
        ),
    )
    x_handle = models.CharField(_("X handle"), max_length=50, blank=True)
    mastodon_handle = models.CharField(_("Mastodon handle"), max_length=100, blank=True)
    bluesky_handle = models.CharField(_("Bluesky handle"), max_length=100, blank=True)
    default_venue = models.ForeignKey(
        "events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organizers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organized_groups", verbose_name=_("organizers")
    )

    content_panels = Page.content_panels + [
        FieldPanel("city"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("logo"),
        FieldPanel("default_venue"),
        FieldPanel("organizers"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_email"),
                FieldPanel("x_handle"),
                FieldPanel("mastodon_handle"),
                FieldPanel("bluesky_handle"),
            ],
            heading=_("Links and social media"),
        ),
    ]
    edit_handler = bilingual_edit_handler(content_panels, [FieldPanel("summary_fr"), FieldPanel("body_fr")])
    search_fields = Page.search_fields + [
        index.SearchField("city"),
        index.SearchField("summary"),
        index.SearchField("title_fr"),
        index.SearchField("summary_fr"),
        index.SearchField("body_fr"),
    ]
    display_summary = localized_property("summary")
    display_body = localized_property("body")
    parent_page_types = ["events.GroupIndexPage"]
    subpage_types = []
    base_form_class = GroupPageForm

    class Meta:
        verbose_name = _("group")

    def permissions_for_user(self, user):
        # Only the group's own organizers (and site staff) act on it, whatever Wagtail's subtree grants say.
        return GroupScopedPagePermissionTester(user, self)

    def is_organizer(self, user):
        if not user.is_authenticated:
            return False
        if user.is_superuser or user.is_staff:
            return True
        return self.organizers.filter(pk=user.pk).exists()

    def get_context(self, request, *args, **kwargs):
        from ..services.follows import follow_of, follower_count
        from ..services.listing import group_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = group_upcoming(self, 12)
        context["follow"] = follow_of(request.user, self)
        context["is_following"] = context["follow"] is not None
        context["follower_count"] = follower_count(self)
        context["organizers"] = self.organizers.filter(is_active=True).order_by("name", "pk")
        return context
