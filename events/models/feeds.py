"""Calendar feeds: followed groups, private feed tokens, and the stored pieces that keep feeds cheap."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupFollow(models.Model):
    """A person follows a group: its events appear in their private calendar feed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_follows")
    group = models.ForeignKey("events.GroupPage", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)
    email_new_events = models.BooleanField(
        _("email me about new events"),
        default=True,
        help_text=_("An email when the group publishes a new event; one click in it stops them."),
    )

    class Meta:
        verbose_name = _("group follow")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="one_follow_per_user_and_group")]

    def __str__(self):
        return f"{self.user} → {self.group}"


class CalendarToken(models.Model):
    """The secret in a person's private feed URL.

    The token itself is an HMAC of a random nonce under SECRET_KEY, so the database alone does not reveal
    it; `digest` (SHA-256 of the token) is what a request is looked up by. A new nonce revokes the old URL.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    nonce = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")

    def __str__(self):
        return f"calendar token of {self.user_id}"


class CalendarEntry(models.Model):
    """An event's serialised VEVENT(s) in one language, rendered once per change and concatenated into every
    feed of that language. Every language's text carries the same UIDs, SEQUENCE and dates; only the words
    (summary, description, links to the page in that language) differ."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="calendar_entries")
    language = models.CharField(max_length=10)
    key = models.CharField(max_length=100)
    text = models.TextField()

    class Meta:
        verbose_name = _("calendar entry")
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="one_calendar_entry_per_event_and_language")
        ]

    def __str__(self):
        return f"calendar entry {self.event_id} {self.language} ({self.key})"


class FeedState(models.Model):
    """Per feed: the ETag last served and a Last-Modified that only ever moves forward."""

    key = models.CharField(max_length=300, unique=True)
    etag = models.CharField(max_length=80)
    last_modified = models.DateTimeField()

    class Meta:
        verbose_name = _("calendar feed state")

    def __str__(self):
        return self.key


class NewEventNotice(models.Model):
    """The group's followers were (or are being) emailed about this new event: at most once per event."""

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE, related_name="follower_notice")
    group = models.ForeignKey("events.GroupPage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("new event notice")

    def __str__(self):
        return f"{self.group} → {self.event}"


class FeedGeneration(models.Model):
    """A token that changes after every committed change a feed can show: `all` for every feed, `user:<pk>`
    for one person's private feed.

    Kept in the database, the one store every process (web, worker, command, shell) shares, so a change
    committed anywhere is seen by the next request anywhere with one indexed read. Tokens are random, never
    counters: a database restored or reset never brings back a value that a cached feed was built under.
    """

    key = models.CharField(max_length=80, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("calendar feed generation")

    def __str__(self):
        return f"{self.key}: {self.token}"


class CalendarIdentity(models.Model):
    """The domain in every event's UID, fixed when the site first publishes a feed.

    Calendar apps match events by UID, so it must never change afterwards, whatever SITE_URL becomes."""

    uid_domain = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar identity")

    def __str__(self):
        return self.uid_domain
