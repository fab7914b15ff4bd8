import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..admin_forms import EventPageForm
from ..bilingual import BilingualPage, bilingual_edit_handler, fold, localized_property, plain_text
from ..blocks import EventBodyBlock
from ..permissions import GroupScopedPagePermissionTester
from ..recurrence import Repeat, build_rrule, rrule_string

TIMEZONE_CHOICES = [
    (tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz and not tz.startswith("Etc/")
]


# Organizers are told where they write questions how long the answers are kept (privacy and retention).
ANSWERS_RETENTION_HELP = ngettext_lazy(
    "Ask only what you need to prepare the event. Answers are seen by this group's organizers and are "
    "deleted %(days)d day after each date; attendance stays as counts.",
    "Ask only what you need to prepare the event. Answers are seen by this group's organizers and are "
    "deleted %(days)d days after each date; attendance stays as counts.",
    "days",
) % {"days": settings.CONVENE_ANSWER_RETENTION_DAYS}


class Kind(models.TextChoices):
    HACKATHON = "hackathon", _("Hackathon")
    HACKNIGHT = "hacknight", _("Hacknight")
    MEETUP = "meetup", _("Meetup")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class EventIndexPage(BilingualPage, Page):
    """The /events/ listing: upcoming (or past) dates, filtered and paginated."""

    intro = RichTextField(_("introduction"), blank=True)
    intro_fr = RichTextField(_("introduction in French"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    edit_handler = bilingual_edit_handler(content_panels, [FieldPanel("intro_fr")])
    search_fields = Page.search_fields + [index.SearchField("title_fr")]
    display_intro = localized_property("intro")
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        from ..services.listing import ListingFilters, filter_options, listing_dates

        context = super().get_context(request, *args, **kwargs)
        filters = ListingFilters.from_query(request.GET)
        paginator = Paginator(listing_dates(filters), settings.CONVENE_EVENTS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            raise Http404(_("That page of events does not exist."))
        context.update(
            filters=filters,
            occurrences=page,
            options=filter_options(),
            query_without_page=filters.as_query(),
            series_once=not filters.every_date,
        )
        return context


class EventPage(BilingualPage, Page):
    """One event, or a series that repeats (each date is an Occurrence)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETUP)
    group = models.ForeignKey(
        "events.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("group"),
    )
    summary = models.TextField(_("summary"), max_length=500, help_text=_("One or two sentences, shown on cards."))
    summary_fr = models.TextField(_("summary in French"), max_length=500, blank=True)

    # Wall-clock fields, as organizers think of them; start/end below are derived from them.
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty for the same day."))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default=settings.CONVENE_DEFAULT_TIMEZONE
    )
    start = models.DateTimeField(_("starts"), editable=False, db_index=True)
    end = models.DateTimeField(_("ends"), editable=False)

    repeat = models.CharField(_("repeats"), max_length=20, choices=Repeat.choices, blank=True, default="")
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)

    venue = models.ForeignKey(
        "events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="events", verbose_name=_("venue")
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats per date. Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    code_of_conduct_url = models.URLField(
        _("code of conduct"), blank=True, help_text=_("When set, people must accept it to register.")
    )
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before the start)"),
        default=0,
        help_text=_("Participants can cancel (and be refunded) until this many hours before a date starts."),
    )
    tags = ClusterTaggableManager(through=EventPageTag, blank=True)
    body = StreamField(EventBodyBlock(), blank=True, verbose_name=_("details"))
    body_fr = StreamField(EventBodyBlock(), blank=True, verbose_name=_("details in French"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    # Calendar bookkeeping: SEQUENCE and LAST-MODIFIED move only when a calendar would see a change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_modified_at = models.DateTimeField(default=dj_timezone.now, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The listing's ?q= matches this: every visitor-facing word in both languages, lower case and without
    # accents (see bilingual.fold), refreshed on each full save (publishing included).
    search_text = models.TextField(blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("group"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("timezone")]),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
                HelpPanel(
                    _(
                        "A repeating event is one series: every date appears under Events › Dates, "
                        "where a single date can be cancelled or moved."
                    )
                ),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_url")], heading=_("Where")),
        FieldPanel("confirm_notify"),  # a form field: shown only when people are registered
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("code_of_conduct_url"),
                FieldPanel("cancellation_deadline_hours"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("ticket_types", heading=_("Ticket types"), label=_("ticket type")),
        InlinePanel(
            "questions",
            heading=_("Questions for registrants"),
            label=_("question"),
            help_text=ANSWERS_RETENTION_HELP,
        ),
        FieldPanel("tags"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    edit_handler = bilingual_edit_handler(content_panels, [FieldPanel("summary_fr"), FieldPanel("body_fr")])
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("title_fr"),
        index.SearchField("summary_fr"),
        index.SearchField("body"),
        index.SearchField("body_fr"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")
        indexes = [models.Index(fields=["kind", "start"])]

    def permissions_for_user(self, user):
        # Only the group's organizers (and site staff) act on it, whatever Wagtail's subtree grants say.
        return GroupScopedPagePermissionTester(user, self)

    # -- time ---------------------------------------------------------------

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_series(self):
        return bool(self.repeat)

    def local_start(self):
        return datetime.datetime.combine(self.start_date, self.start_time or datetime.time(0, 0))

    def local_duration(self):
        """Wall-clock length, so a series keeps its local times across daylight-saving changes."""
        start = self.local_start()
        end_date = self.end_date or self.start_date
        if self.all_day:
            end = datetime.datetime.combine(end_date + datetime.timedelta(days=1), datetime.time(0, 0))
        elif self.end_time:
            end = datetime.datetime.combine(end_date, self.end_time)
        else:
            end = start + datetime.timedelta(hours=2)
        return end - start

    def aware(self, local):
        return local.replace(tzinfo=self.tz)

    def rrule(self):
        return build_rrule(self.repeat, self.local_start(), self.repeat_until)

    def rrule_string(self):
        """RFC 5545 RRULE value (without the 'RRULE:' prefix), or '' for a single event."""
        return rrule_string(self.repeat, self.local_start(), self.repeat_until, self.tz)

    def series_last_local_start(self):
        """The wall-clock start of the last date (None: a series without an end)."""
        if not self.repeat:
            return self.local_start()
        if not self.repeat_until:
            return None
        last = None
        for last in self.rrule():  # noqa: B007 (the last one is wanted; repeat_until bounds the loop)
            pass
        return last or self.local_start()

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date is None:
            # The start date was missing or refused (e.g. out of range): that error says it all.
            return
        if not self.all_day and self.start_time is None:
            errors["start_time"] = _("Give a start time, or mark the event as all day.")
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif self.start_time and self.end_time and not self.all_day and self.local_duration() <= datetime.timedelta(0):
            errors["end_time"] = _("The event must end after it starts.")
        if self.repeat_until and not self.repeat:
            errors["repeat_until"] = _("Choose how the event repeats, or clear this date.")
        if self.repeat_until and self.repeat_until < self.start_date:
            errors["repeat_until"] = _("The series cannot stop before its first date.")
        if self.repeat and not self.all_day and self.local_duration() > datetime.timedelta(days=1):
            errors["repeat"] = _("A repeating event must last less than a day.")
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        if not errors:
            self._clean_registration_window(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_registration_window(self, errors):
        """Registration opens before the (last) date starts and closes by the time it ends."""
        last_start = self.series_last_local_start()
        if last_start is None:
            return
        starts, ends = self.aware(last_start), self.aware(last_start + self.local_duration())
        if self.registration_opens and self.registration_opens >= starts:
            errors["registration_opens"] = _("Registration must open before the event starts.")
        if self.registration_closes and self.registration_closes > ends:
            errors["registration_closes"] = _("Registration must close by the time the event ends.")

    def compute_fingerprint(self):
        parts = [
            self.title,
            self.summary,
            self.kind,
            self.status,
            self.timezone,
            self.local_start().isoformat(),
            str(self.local_duration()),
            str(self.all_day),
            self.repeat,
            str(self.repeat_until),
            str(self.venue_id),
            self.online_url,
            str(self.group_id),
        ]
        # French text is seen in French feeds (same UIDs): changing it is a change calendars must see.
        # Appended only when present, so an event without French keeps its fingerprint (and SEQUENCE).
        if self.source_language != "en" or self.title_fr or self.summary_fr:
            parts += [self.source_language, self.title_fr, self.summary_fr]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"start_date", "start_time", "end_date", "end_time"} & set(update_fields):
            self.start = self.aware(self.local_start())
            self.end = self.aware(self.local_start() + self.local_duration())
        if update_fields is None and self.pk:
            self._keep_sold_ticket_types()
        if update_fields is None:
            self.search_text = self.compute_search_text()
            if self.pk:
                # A revision being published carries the counters from when it was drafted;
                # the row may have moved on since (a date cancelled meanwhile), so start from the row.
                stored = EventPage.objects.filter(pk=self.pk).values("sequence", "calendar_fingerprint").first()
                if stored:
                    self.sequence = max(self.sequence, stored["sequence"])
                    self.calendar_fingerprint = stored["calendar_fingerprint"]
            fingerprint = self.compute_fingerprint()
            if fingerprint != self.calendar_fingerprint:
                if self.calendar_fingerprint:
                    self.sequence += 1
                self.calendar_fingerprint = fingerprint
                self.calendar_modified_at = dj_timezone.now()
        return super().save(*args, **kwargs)

    def compute_search_text(self):
        parts = [self.title, self.title_fr, self.summary, self.summary_fr, plain_text(self.body)]
        parts.append(plain_text(self.body_fr))
        return fold(" ".join(part for part in parts if part))

    def _keep_sold_ticket_types(self):
        """A ticket type people registered with is never removed (their registrations and payments
        point to it): the editor refuses it, and a revision drafted before the sale that lacks it
        (published later, in bulk or on schedule) keeps it instead of failing."""
        from .registrations import TicketType

        kept = {ticket.pk for ticket in self.ticket_types.all() if ticket.pk}
        sold = TicketType.objects.filter(event_id=self.pk, registrations__isnull=False).exclude(pk__in=kept).distinct()
        for ticket in sold:
            self.ticket_types.add(ticket)

    # -- presentation -------------------------------------------------------

    display_summary = localized_property("summary")
    display_body = localized_property("body")

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED

    @property
    def is_online(self):
        return bool(self.online_url) and self.venue_id is None

    def get_context(self, request, *args, **kwargs):
        from ..services.attendance import can_see_online_link, date_state
        from ..services.occurrences import selected_date, upcoming_dates
        from ..sharing import map_links, share_links

        context = super().get_context(request, *args, **kwargs)
        dates = upcoming_dates(self)
        chosen = selected_date(self, dates, request.GET.get("date"))
        context["dates"] = dates[:12]
        context["selected_date"] = chosen
        context["date_state"] = date_state(chosen, dj_timezone.now()) if chosen else None
        context["show_online_link"] = bool(self.online_url) and can_see_online_link(request.user, self)
        hosts = self.group.organizers.filter(is_active=True).order_by("name", "pk") if self.group else []
        context["hosts"] = list(hosts)
        # The address the visitor is looking at, so a shared link works wherever the site is served.
        context["share_url"] = request.build_absolute_uri(self.get_url(request))
        context["share_links"] = share_links(context["share_url"], self.title)
        context["map_links"] = map_links(self.venue) if self.venue else None
        return context
