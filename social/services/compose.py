"""Compose the week's #CivicTechTuesday post for one network: select, format, and fit into a thread."""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Site

from events.bilingual import localized
from events.formatting import format_day, format_time, zone_name
from events.services.listing import occurrence_cards

from ..exceptions import SocialError
from ..models import DEFAULT_KINDS, ListingSettings
from ..text import measure

HASHTAG = "#CivicTechTuesday"
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
TITLE_LENGTHS = (60, 40, 25, 12)


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, value):
        match = WEEK_RE.match((value or "").strip())
        if not match:
            raise SocialError(_("Give the week as YYYY-Www, e.g. 2026-W48."))
        year, number = int(match.group(1)), int(match.group(2))
        try:
            datetime.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise SocialError(_("%(year)d has no week %(number)d.") % {"year": year, "number": number})
        return cls(year, number)

    @classmethod
    def containing(cls, day):
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self):
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.year, self.number, 1)


def listing_settings():
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return ListingSettings(tags="civic tech", kinds=DEFAULT_KINDS)
    return ListingSettings.for_site(site)


def listing_zone(config=None):
    config = config or listing_settings()
    return zoneinfo.ZoneInfo(config.post_timezone)


def upcoming_week(now=None, config=None):
    """The week whose post comes next: the current ISO week until its post day is over, then the next.

    A run on Sunday drafts the post that goes out on Tuesday, not the one that went out five days ago;
    a run on the post day itself, after the post time, still sends that day's post.
    """
    config = config or listing_settings()
    now = now or timezone.now()
    today = now.astimezone(listing_zone(config)).date()
    week = Week.containing(today)
    if today > week.monday + datetime.timedelta(days=config.post_weekday):
        week = Week.containing(today + datetime.timedelta(days=7))
    return week


def post_time(week, config=None):
    """When the week's post is due: the configured weekday and time of that ISO week, in the configured zone."""
    config = config or listing_settings()
    day = week.monday + datetime.timedelta(days=config.post_weekday)
    return datetime.datetime.combine(day, config.post_time, tzinfo=listing_zone(config))


def post_window(week, config=None):
    """The seven days a week's post covers: from its post time on, so it only ever lists what is ahead."""
    start = post_time(week, config)
    return start, start + datetime.timedelta(days=7)


def select_occurrences(week, config=None, group=None, now=None):
    """Public, scheduled dates in the week's post window that the listing settings include, in date order.
    With `now`, only the dates that have not started by then (a post approved after its post time)."""
    config = config or listing_settings()
    start, end = post_window(week, config)
    if now is not None:
        start = max(start, now)
    qs = occurrence_cards().scheduled().filter(start__gte=start, start__lt=end)
    if group is not None:
        qs = qs.filter(event__group=group)
    else:
        wanted = Q(pk__in=[])
        if config.pk:
            wanted |= Q(event__group__in=config.groups.all())
        for tag in config.tag_list:
            wanted |= Q(event__tags__name__iexact=tag)
        if config.kind_list:
            wanted |= Q(event__kind__in=config.kind_list)
        qs = qs.filter(pk__in=occurrence_cards().filter(wanted).values("pk"))
    dates = list(qs.order_by("start", "pk"))
    # Dates from other calendars (calendars app) join through this hook, each marked `is_imported`.
    for more in hooks.get_hooks("convene_weekly_dates"):
        dates += more(start, end, config, group)
    return sorted(dates, key=lambda date: date.start)


def event_link(occurrence):
    if getattr(occurrence, "is_imported", False):
        return occurrence.link  # hosted elsewhere: people register there
    event = occurrence.event
    parts = event.get_url_parts()
    path = parts[2] if parts and parts[2] else f"/{event.slug}/"
    url = settings.SITE_URL + path
    if event.is_series:
        url += f"?date={occurrence.original_date:%Y-%m-%d}"
    return url


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _title(page):
    """The page's title in the active language when the organizer wrote one, else the one they did write."""
    return str(localized(page, "title"))


# Babel locale of each site language but English: French as written in Canada ('18 h 30', 'HNE').
# To unify with events.formatting (issue 16's date formatter), which uses the same data and forms.
def when_text(start, all_day):
    """The date's day and time for a post line, in the active language and the date's own zone:
    'Tue Nov 24, 6:30 p.m. EST' / 'mar. 24 nov., 18 h 30 HNE' (events.formatting writes the French)."""
    if _language() == "en":
        day = date_format(start, "D M j")
        time = f"{date_format(start, 'P')} {start:%Z}"
    else:
        day = format_day(start, "short")
        time = f"{format_time(start)} {zone_name(start)}"
    if all_day:
        return _("%(day)s, all day") % {"day": day}
    return f"{day}, {time}"


def short_title(event, length):
    """The title without a leading repeat of the group's name ('Civic Tech Toronto weekly hacknight' ->
    'Weekly hacknight', the line already names the group), shortened to length. In the active language."""
    title = _title(event)
    if event.group_id:
        name = _title(event.group)
        rest = title[len(name) :].lstrip(" :-–—·|") if title.lower().startswith(name.lower()) else ""
        if len(rest) >= 3:
            title = rest[0].upper() + rest[1:]
    return _shorten(title, length)


def event_line(occurrence, title_length=TITLE_LENGTHS[0]):
    """'Tue Nov 24, 6:30 p.m. EST · Civic Tech Toronto · Weekly hacknight https://…' in the event's own zone,
    in the active language (the page link too: /fr/… for French)."""
    event = occurrence.event
    when = when_text(occurrence.start.astimezone(event.tz), event.all_day)
    if event.group_id:
        where = _title(event.group)
    elif event.venue_id:
        where = event.venue.city
    else:
        where = _("Online")
    return f"{when} · {where} · {short_title(event, title_length)} {event_link(occurrence)}"


def summary_line(count):
    return ngettext("%(count)d civic tech event this week", "%(count)d civic tech events this week", count) % {
        "count": count
    }


def fit_line(occurrence, network, limit, reserve=0):
    """The event's line, with its title shortened as far as needed to fit in one part."""
    for length in TITLE_LENGTHS:
        line = event_line(occurrence, length)
        if measure(network, line) + reserve <= limit:
            return line
    raise SocialError(_("'%(title)s' cannot fit in one post.") % {"title": occurrence.event.title})


def pack(header, lines, network, limit):
    """Header first, then whole lines; a line that does not fit starts the next part. Never splits a line."""
    parts, current = [], header
    for line in lines:
        candidate = f"{current}\n{line}"
        if measure(network, candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = line
    parts.append(current)
    return parts


def compose_week(week, network, limit, occurrences):
    """The parts of the week's post for one network, or [] for an empty week."""
    if not occurrences:
        return []
    # Translators: the line before the week's list of events; French puts a space before the colon.
    header = f"{HASHTAG}\n" + _("%(summary)s:") % {"summary": summary_line(len(occurrences))}
    lines = [fit_line(o, network, limit) for o in occurrences]
    return pack(header, lines, network, limit)


def compose_for_channel(channel, week, config=None, now=None):
    """The channel's parts for the week, written in the channel's language."""
    occurrences = select_occurrences(week, config, group=channel.group, now=now)
    with translation.override(channel.language):
        return compose_week(week, channel.network, channel.limit, occurrences)


def compose_announcement(event, occurrence, network, limit, language=None):
    """'New: <title> — <group>, <when> <link>', fitted to the network, in `language` (a channel's)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        for length in TITLE_LENGTHS:
            line = _("New: %(line)s") % {"line": event_line(occurrence, length)}
            if measure(network, line) <= limit:
                return [line]
        raise SocialError(_("'%(title)s' cannot fit in one post.") % {"title": event.title})
