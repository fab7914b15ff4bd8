"""Calendar sources (an outside iCalendar feed of one group) and the dates imported from them."""

import datetime
import urllib.parse
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from events.models.pages import Kind


def validate_feed_url(value):
    """An https address (plain http only for the hosts tests allow); the address it points to is
    checked again at every fetch, after DNS resolution and on every redirect."""
    parts = urllib.parse.urlsplit(value)
    allowed = parts.hostname in settings.CONVENE_CALENDAR_IMPORT_ALLOWED_HOSTS
    if parts.scheme != "https" and not (allowed and parts.scheme == "http"):
        raise ValidationError(_("Give the https:// address of the calendar feed."))
    if not parts.hostname:
        raise ValidationError(_("The address has no host name."))
    if parts.username or parts.password:
        raise ValidationError(_("Leave user names and passwords out of the address."))


def split_tags(text):
    """'civic tech, Open Data' -> ['civic tech', 'Open Data'] (blank parts dropped)."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def tag_slug(name):
    """A tag's slug exactly as taggit makes it for Convene's own tags (lower case)."""
    from taggit.models import Tag

    return Tag().slugify(name)


def tag_slugs_of(text):
    """The tags' slugs as ',civic-tech,open-data,': a tag filter then matches a slug exactly, as Convene's
    own tags are matched (taggit's slug), with one `contains` in SQL."""
    slugs = [tag_slug(tag) for tag in split_tags(text)]
    return "," + ",".join(dict.fromkeys(slug for slug in slugs if slug)) + ","


def tag_slug_lookup(prefix, slug):
    """Q matching rows whose tag slugs hold `slug` (case-insensitive, as a typed ?tag= may differ in case)."""
    return models.Q(**{f"{prefix}tag_slugs__contains": f",{tag_slug(slug)},"})


class CalendarSource(index.Indexed, models.Model):
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        validators=[validate_feed_url],
        help_text=_("The https address of an iCalendar feed (Meetup, Luma, Google Calendar, Outlook, Convene)."),
    )
    group = models.ForeignKey(
        "events.GroupPage", on_delete=models.CASCADE, related_name="calendar_sources", verbose_name=_("group")
    )
    default_kind = models.CharField(_("kind of its events"), max_length=20, choices=Kind.choices, default=Kind.MEETUP)
    default_tags = models.CharField(
        _("tags of its events"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. civic tech, open data")
    )
    # default_tags as slugs, kept by save(): what the ?tag= filter and tag feeds compare.
    tag_slugs = models.CharField(max_length=400, blank=True, default=",", editable=False)
    in_weekly_post = models.BooleanField(_("include in the weekly post"), default=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    # Fetch bookkeeping, shown in the admin.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified_header = models.CharField(max_length=100, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last try"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("url"),
        FieldPanel("group"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("default_kind"), FieldPanel("default_tags")]), FieldPanel("in_weekly_post")],
            heading=_("Its events"),
        ),
        FieldPanel("enabled"),
    ]
    search_fields = [
        index.SearchField("url"),
        index.AutocompleteField("url"),
        index.FilterField("id"),  # the admin listing keeps to the sources a person may change (pk__in)
        index.FilterField("enabled"),
        index.FilterField("group"),  # an organizer's listing holds their groups' sources while searching
    ]

    class Meta:
        verbose_name = _("calendar source")
        verbose_name_plural = _("calendar sources")
        ordering = ["group__title", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "url"], name="calendar_source_unique_url")]

    def __str__(self):
        return f"{self.group.title}: {self.domain}"

    def save(self, *args, **kwargs):
        self.tag_slugs = tag_slugs_of(self.default_tags)
        if kwargs.get("update_fields") is not None and "default_tags" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tag_slugs"}
        super().save(*args, **kwargs)

    @property
    def domain(self):
        host = urllib.parse.urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def tag_list(self):
        return split_tags(self.default_tags)


class ImportedStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class ImportedEventQuerySet(models.QuerySet):
    def listed(self, public_groups=None):
        """What the public sees: not hidden, from enabled sources of live groups. `public_groups` (a
        subquery of live public group pks) saves the restriction lookup when the caller already made it."""
        from events.models import GroupPage

        if public_groups is None:
            public_groups = GroupPage.objects.live().public().values("pk")
        return self.filter(hidden=False, source__enabled=True, source__group__in=public_groups)


class ImportedCardMixin:
    """What listing cards, calendar feeds and the weekly post read from a date, so an imported date can
    stand where an Occurrence does: the date is its own 'event'. Needs `start`, `end` and `timezone`."""

    is_imported = True
    is_moved = False
    is_series = False
    venue = None
    venue_id = None
    online_url = ""
    card_template = "calendars/includes/imported_card.html"

    @property
    def event(self):
        return self

    def get_kind_display(self):
        return Kind(self.kind).label if self.kind in Kind.values else self.kind

    @property
    def summary(self):
        return self.description

    @property
    def external_link(self):
        return self.link

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.CONVENE_DEFAULT_TIMEZONE)

    @property
    def local_start(self):
        return self.start.astimezone(self.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.tz)


class ImportedEvent(ImportedCardMixin, models.Model):
    """One date of an outside calendar: a single event, or one instance of a repeating one.
    Keyed by (source, UID, RECURRENCE-ID) so runs update rows in place and never duplicate them."""

    source = models.ForeignKey(CalendarSource, on_delete=models.CASCADE, related_name="events")
    uid = models.CharField(max_length=500)
    # '' for a single event; else the instance's RECURRENCE-ID in UTC (date-time) or as a date (all day).
    recurrence_id = models.CharField(max_length=40, blank=True, default="")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("place"), max_length=500, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(default=False)
    timezone = models.CharField(max_length=64, default="America/Toronto")
    status = models.CharField(max_length=20, choices=ImportedStatus.choices, default=ImportedStatus.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)  # the source's SEQUENCE
    # Ours, in this site's feeds: rises on every change we import, as SEQUENCE must (Meetup never bumps its own).
    feed_sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden dates are left out of every listing."))
    first_seen_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ImportedEventQuerySet.as_manager()

    panels = [FieldPanel("hidden")]

    class Meta:
        verbose_name = _("imported date")
        verbose_name_plural = _("imported dates")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "uid", "recurrence_id"], name="imported_event_unique_instance"),
        ]
        indexes = [models.Index(fields=["source", "start"])]

    def __str__(self):
        return f"{self.title} – {self.local_start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self):
        return self.status == ImportedStatus.CANCELLED

    @property
    def hosted_on(self):
        return self.source.domain

    @property
    def group(self):
        return self.source.group

    @property
    def group_id(self):
        return self.source.group_id

    @property
    def kind(self):
        return self.source.default_kind

    @property
    def tag_list(self):
        return self.source.tag_list

    @property
    def link(self):
        """Where people read more and register: the event's own page there, else the source's site."""
        if self.url:
            return self.url
        parts = urllib.parse.urlsplit(self.source.url)
        return f"{parts.scheme}://{parts.netloc}/"

    @property
    def duration(self):
        return self.end - self.start if self.end > self.start else datetime.timedelta(0)


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class EventSubmission(ImportedCardMixin, models.Model):
    """A one-off event someone submitted for a group without a feed; listed once a moderator publishes it."""

    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="event_submissions"
    )
    group = models.ForeignKey(
        "events.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_submissions",
        verbose_name=_("group"),
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Toronto")
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    url = models.URLField(_("link"), help_text=_("The event's own page, where people read more and register."))
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. civic tech, open data")
    )
    tag_slugs = models.CharField(max_length=400, blank=True, default=",", editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    modified_at = models.DateTimeField(auto_now=True)
    # SEQUENCE in this site's feeds: every save may change what a calendar shows, so it rises on each.
    feed_sequence = models.PositiveIntegerField(default=0, editable=False)

    all_day = False
    card_template = "calendars/includes/imported_card.html"

    class Meta:
        verbose_name = _("submitted event")
        verbose_name_plural = _("submitted events")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="submission_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.tag_slugs = tag_slugs_of(self.tags)
        if self.pk is not None:
            self.feed_sequence += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tag_slugs", "modified_at", "feed_sequence"}
        super().save(*args, **kwargs)

    @property
    def kind(self):
        return Kind.MEETUP

    @property
    def tag_list(self):
        return split_tags(self.tags)

    @property
    def is_cancelled(self):
        return False

    @property
    def link(self):
        return self.url

    @property
    def hosted_on(self):
        return (urllib.parse.urlsplit(self.url).hostname or "").removeprefix("www.")
