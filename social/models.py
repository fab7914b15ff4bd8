"""Channels (where we post), posts (what we post, exactly once) and their log, and the listing settings."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from events.bilingual import SourceLanguage
from events.models.pages import TIMEZONE_CHOICES, Kind

from .settings_forms import ListingSettingsForm
from .text import LIMITS

ENV_NAME_RE = re.compile(r"^[A-Z_][A-Z0-9_]*$")
DEFAULT_KINDS = "hacknight,meetup,hackathon"


class Network(models.TextChoices):
    X = "x", "X"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"


def validate_env_name(value):
    if value and not ENV_NAME_RE.match(value):
        raise ValidationError(
            _("Give the NAME of an environment variable (capital letters, digits, _), never the secret itself.")
        )


def _env_field(label, help_text=""):
    return models.CharField(label, max_length=100, blank=True, validators=[validate_env_name], help_text=help_text)


class Channel(index.Indexed, models.Model):
    """An account we post to. Credentials stay in the environment; only the variables' names are stored."""

    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 'Civic Tech Canada on Mastodon'"))
    group = models.ForeignKey(
        "events.GroupPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="social_channels",
        verbose_name=_("group"),
        help_text=_("Leave empty for a site-wide channel; a group's channel posts only that group's events."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    base_url = models.URLField(
        _("server"),
        blank=True,
        help_text=_(
            "Mastodon: the instance, e.g. https://mastodon.social. Bluesky: the PDS (default https://bsky.social)."
        ),
    )
    handle = models.CharField(
        _("Bluesky handle"), max_length=100, blank=True, help_text=_("e.g. civictech.bsky.social")
    )
    env_access_token = _env_field(
        _("access token variable"),
        _("X: OAuth 1.0a access token, or an OAuth 2.0 user token. Mastodon: access token."),
    )
    env_access_token_secret = _env_field(_("access token secret variable"), _("X, OAuth 1.0a only."))
    env_consumer_key = _env_field(_("API key variable"), _("X, OAuth 1.0a only (consumer key)."))
    env_consumer_secret = _env_field(_("API key secret variable"), _("X, OAuth 1.0a only (consumer secret)."))
    env_password = _env_field(_("app password variable"), _("Bluesky: an app password."))
    char_limit = models.PositiveIntegerField(
        _("character limit"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the network's limit (X 280, Mastodon 500, Bluesky 300)."),
    )
    announce_new_events = models.BooleanField(
        _("announce new events"), default=False, help_text=_("Post 'New: …' once when an event is first published.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=SourceLanguage.choices,  # English / French, named in the admin's language
        default=SourceLanguage.ENGLISH,
        help_text=_(
            "The language its posts are written in. A bilingual network can run one channel per language, "
            "each with its own post every week."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("network"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("group"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("enabled"), FieldPanel("announce_new_events")]),
        FieldPanel("base_url"),
        FieldPanel("char_limit"),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Credentials are read from these environment variables on the server when posting. "
                        "They are never stored here, shown or logged."
                    )
                ),
                FieldPanel("env_access_token"),
                FieldPanel("env_access_token_secret"),
                FieldPanel("env_consumer_key"),
                FieldPanel("env_consumer_secret"),
                FieldPanel("handle"),
                FieldPanel("env_password"),
            ],
            heading=_("Credentials"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("network"),  # the admin listing filters by these while searching
        index.FilterField("enabled"),
        index.FilterField("group"),  # an organizer's listing holds their groups' channels while searching
    ]

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("social channel")

    def __str__(self):
        return f"{self.name} ({self.get_network_display()})"

    @property
    def limit(self):
        return self.char_limit or LIMITS[self.network]

    @property
    def uses_oauth1(self):
        return self.network == Network.X and bool(self.env_consumer_key)

    def credential_env_names(self):
        if self.network == Network.X:
            if self.uses_oauth1:
                return {
                    "consumer_key": self.env_consumer_key,
                    "consumer_secret": self.env_consumer_secret,
                    "access_token": self.env_access_token,
                    "access_token_secret": self.env_access_token_secret,
                }
            return {"access_token": self.env_access_token}
        if self.network == Network.MASTODON:
            return {"access_token": self.env_access_token}
        return {"password": self.env_password}

    def clean(self):
        super().clean()
        errors = {}
        if self.network == Network.MASTODON and not self.base_url:
            errors["base_url"] = _("Give the Mastodon instance, e.g. https://mastodon.social.")
        if self.network == Network.BLUESKY and not self.handle:
            errors["handle"] = _("Give the Bluesky handle to post as.")
        field_of = {
            "consumer_key": "env_consumer_key",
            "consumer_secret": "env_consumer_secret",
            "access_token": "env_access_token",
            "access_token_secret": "env_access_token_secret",
            "password": "env_password",
        }
        for key, value in self.credential_env_names().items():
            if not value:
                errors[field_of[key]] = _("Name the environment variable that holds this credential.")
        if errors:
            raise ValidationError(errors)


class PostKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly #CivicTechTuesday")
    ANNOUNCEMENT = "announcement", _("New event announcement")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (waiting for review)")
    APPROVED = "approved", _("Approved (waiting to send)")
    SKIPPED = "skipped", _("Skipped")
    SENDING = "sending", _("Sending")
    POSTED = "posted", _("Posted")
    FAILED = "failed", _("Failed")


class Post(models.Model):
    """One post (or thread) on one channel. At most one per (channel, kind, key) whatever runs it."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="posts", verbose_name=_("channel"))
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    key = models.CharField(
        _("week or event"), max_length=40, help_text=_("ISO week such as 2026-W48, or event:<id> for announcements")
    )
    event = models.ForeignKey(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("event")
    )
    parts = models.JSONField(_("parts"), default=list, help_text=_("The text of each post in the thread, in order."))
    status = models.CharField(_("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT)
    # One entry per part already sent: {"id": ..., "url": ..., "cid": ... (Bluesky)}. A resumed thread
    # replies to the last entry, so this list only ever grows, one part at a time.
    sent = models.JSONField(_("sent parts"), default=list, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("social post")
        constraints = [
            models.UniqueConstraint(fields=["channel", "kind", "key"], name="social_post_once_per_channel_kind_key")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} – {self.channel}"

    @property
    def week(self):
        return self.key if self.kind == PostKind.WEEKLY else ""

    @property
    def external_ids(self):
        return [entry["id"] for entry in self.sent]

    @property
    def external_urls(self):
        return [entry.get("url", "") for entry in self.sent]

    @property
    def is_editable(self):
        return self.status in (PostStatus.DRAFT, PostStatus.APPROVED) and not self.sent


class PostLog(models.Model):
    """Audit trail: every state change, attempt, sent part and error of a post."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        APPROVED = "approved", _("Approved")
        SKIPPED = "skipped", _("Skipped")
        CLAIMED = "claimed", _("Attempt started")
        PART_SENT = "part_sent", _("Part sent")
        RETRY = "retry", _("Retry scheduled")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Failed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="log", verbose_name=_("post"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    attempt = models.PositiveIntegerField(_("attempt"), null=True, blank=True)
    part = models.PositiveIntegerField(_("part"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("post log entry")
        verbose_name_plural = _("post log")

    def __str__(self):
        return f"{self.post} – {self.get_action_display()}"


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


@register_setting(icon="globe")
class ListingSettings(BaseSiteSetting):
    """Which events the weekly #CivicTechTuesday post lists, and when it goes out."""

    groups = models.ManyToManyField(
        "events.GroupPage",
        blank=True,
        related_name="+",
        verbose_name=_("groups"),
        help_text=_("Every event of these groups is listed."),
    )
    tags = models.CharField(
        _("tags"),
        max_length=500,
        blank=True,
        default="civic tech",
        help_text=_("Comma-separated; events with any of these tags are listed."),
    )
    kinds = models.CharField(
        _("kinds"),
        max_length=200,
        blank=True,
        default=DEFAULT_KINDS,
        help_text=_("Events of these kinds are listed."),
    )
    post_weekday = models.PositiveSmallIntegerField(_("post on"), choices=WEEKDAYS, default=1)
    post_time = models.TimeField(_("post at"), default=datetime.time(9, 0))
    post_timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default=settings.CONVENE_DEFAULT_TIMEZONE
    )
    review = models.BooleanField(
        _("review before posting"),
        default=False,
        help_text=_("Weekly posts are drafted on Monday; only posts an organizer approves go out."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("groups"), FieldPanel("tags"), FieldPanel("kinds")], heading=_("What is listed")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("post_weekday"), FieldPanel("post_time"), FieldPanel("post_timezone")])],
            heading=_("When"),
        ),
        FieldPanel("review"),
    ]
    base_form_class = ListingSettingsForm

    class Meta:
        verbose_name = _("#CivicTechTuesday listing")

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def kind_list(self):
        valid = set(Kind.values)
        return [k.strip() for k in self.kinds.split(",") if k.strip() in valid]
