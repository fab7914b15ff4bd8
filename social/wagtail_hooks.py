"""Admin: channels (site staff), and the posts organizers review: edit, approve, skip; every attempt shown."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet, SnippetViewSetGroup

from events.admin_scoping import GroupScopedPermissionPolicy, ScopedViewSetMixin
from events.permissions import is_site_staff

from .exceptions import SocialError
from .forms import PostReviewForm
from .models import Channel, Post, PostStatus
from .services.review import (
    approve_post,
    can_review,
    edit_post,
    recompose_post,
    retry_post,
    reviewable_filter,
    skip_post,
)
from .text import measure


class PostPermissionPolicy(ModelPermissionPolicy):
    """Posts are made by the weekly run and announcements, never by hand, and never deleted (that would
    free their (channel, kind, week) slot and allow a second copy). Site staff and group organizers review."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        if action in ("change", "view"):
            return is_site_staff(user) or (user.is_authenticated and user.organized_groups.exists())
        return super().user_has_permission(user, action)


register_permission_policy(Post, PostPermissionPolicy(Post))
# A group's channel is its organizers' (and site staff's); a site-wide channel (no group) is site staff's.
register_permission_policy(Channel, GroupScopedPermissionPolicy(Channel, "group"))


class PostIndexView(IndexView):
    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("channel", "channel__group")
        limit = reviewable_filter(self.request.user)
        if limit is not None:
            qs = qs.filter(**limit).distinct()
        return qs


class PostEditView(EditView):
    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        if not can_review(self.request.user, post):
            raise PermissionDenied
        return post

    def form_valid(self, form):
        self.form = form
        post, user, decision = self.object, self.request.user, form.cleaned_data["decision"]
        try:
            with transaction.atomic():
                if decision == "retry":
                    post = retry_post(post, user)
                elif decision == "recompose":
                    post = recompose_post(post, user)
                else:
                    post = edit_post(post, form.cleaned_data["text"], user)
                if decision == "approve":
                    post = approve_post(post, user)
                elif decision == "skip":
                    post = skip_post(post, user)
        except SocialError as e:
            form.add_error(None, str(e))
            self.produced_error_code = "validation_error"
            self.produced_error_message = str(e)
            return self.form_invalid(form)
        self.object = post
        return self.save_action()


class PostInspectView(InspectView):
    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        if not can_review(self.request.user, post):
            raise PermissionDenied
        return post

    def get_parts_display_value(self):
        network, limit = self.object.channel.network, self.object.channel.limit
        language = self.object.channel.language  # the post's words may not be in the admin's language
        return format_html_join(
            "",
            '<p><strong>{} {} ({}/{})</strong><br><span lang="{}">{}</span></p>',
            (
                (_("Part"), n, measure(network, part), limit, language, part)
                for n, part in enumerate(self.object.parts, 1)
            ),
        )

    def get_field_label(self, field_name, field):
        if field_name == "language":
            return _("Language")  # the channel's, which the post is written in
        return super().get_field_label(field_name, field)

    def get_language_display_value(self):
        return self.object.channel.get_language_display()

    def get_sent_display_value(self):
        if not self.object.sent:
            return "-"
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", '<li><a href="{}">{}</a></li>', ((s["url"], s["id"]) for s in self.object.sent)),
        )

    def get_log_display_value(self):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    entry.at.strftime("%Y-%m-%d %H:%M:%S %Z"),
                    entry.get_action_display(),
                    entry.attempt or "",
                    entry.user or "",
                    entry.message,
                )
                for entry in self.object.log.select_related("user")
            ),
        )
        return format_html(
            '<table class="listing"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("When"),
            _("What"),
            _("Attempt"),
            _("Who"),
            _("Details"),
            rows,
        )


class PostViewSet(SnippetViewSet):
    pk_path_converter = "id"  # guards.converters: ids past the database's integers are 404
    model = Post
    icon = "comment"
    menu_label = _("Posts")
    index_view_class = PostIndexView
    edit_view_class = PostEditView
    inspect_view_class = PostInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "key",
        "channel",
        Column("language", accessor="channel.get_language_display", label=_("Language")),
        "kind",
        "status",
        "attempts",
        "last_error",
        "posted_at",
    ]
    list_filter = ["status", "kind", "channel__network", "channel__language"]
    search_fields = []
    ordering = ["-created_at"]
    edit_handler = ObjectList([FieldPanel("text"), FieldPanel("decision")], base_form_class=PostReviewForm)
    inspect_view_fields = [
        "channel",
        "language",
        "kind",
        "key",
        "status",
        "scheduled_for",
        "parts",
        "sent",
        "attempts",
        "last_error",
        "next_attempt_at",
        "approved_by",
        "approved_at",
        "posted_at",
        "log",
    ]


class ChannelViewSet(ScopedViewSetMixin, SnippetViewSet):
    pk_path_converter = "id"  # guards.converters: ids past the database's integers are 404
    model = Channel
    icon = "link-external"
    menu_label = _("Channels")
    list_display = ["name", "network", "language", "group", "enabled", "announce_new_events"]
    list_filter = ["network", "language", "enabled"]
    copy_view_enabled = False


class SocialViewSetGroup(SnippetViewSetGroup):
    items = (PostViewSet, ChannelViewSet)
    menu_icon = "comment"
    menu_label = _("#CivicTechTuesday")
    menu_name = "social"


register_snippet(SocialViewSetGroup)


class DraftsToReviewPanel(Component):
    """On the admin home page: the drafts this person may review (Monday's #CivicTechTuesday, announcements)."""

    name = "social_drafts"
    template_name = "social/admin_drafts_panel.html"
    order = 90

    def __init__(self, drafts):
        self.drafts = drafts

    def get_context_data(self, parent_context):
        return {"drafts": self.drafts}


@hooks.register("construct_homepage_panels")
def add_drafts_panel(request, panels):
    drafts = Post.objects.filter(status=PostStatus.DRAFT).select_related("channel").order_by("scheduled_for", "pk")
    limit = reviewable_filter(request.user)
    if limit is not None:
        drafts = drafts.filter(**limit).distinct()
    drafts = list(drafts[:10])
    if drafts:
        panels.append(DraftsToReviewPanel(drafts))
