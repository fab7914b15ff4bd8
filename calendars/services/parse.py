"""Reading an outside iCalendar feed into plain dates: VTIMEZONE or X-WR-TIMEZONE, Windows zone names,
floating and all-day times, RRULE/EXDATE/RDATE, RECURRENCE-ID overrides, STATUS:CANCELLED, SEQUENCE."""

import datetime
import hashlib
import html
import re
import urllib.parse
import zoneinfo
from dataclasses import dataclass

import icalendar
import recurring_ical_events
import x_wr_timezone
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar.timezone import tzid_from_dt
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from guards.text import single_line, strip_control_characters

MAX_DESCRIPTION = 5000
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LINE_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>", re.IGNORECASE)


class ParseError(Exception):
    """The feed is not an iCalendar file we can read; the message says why, for the admin."""


@dataclass(frozen=True)
class ParsedDate:
    uid: str
    recurrence_id: str
    title: str
    description: str
    location: str
    url: str
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool
    timezone: str
    status: str
    sequence: int

    @property
    def key(self):
        return (self.uid, self.recurrence_id)

    @property
    def fingerprint(self):
        parts = [
            self.title,
            self.description,
            self.location,
            self.url,
            self.start.isoformat(),
            self.end.isoformat(),
            str(self.all_day),
            self.timezone,
            self.status,
            str(self.sequence),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def plain_text(value, max_length=None):
    """Text without HTML: scripts and styles dropped with their content, tags removed, entities decoded."""
    text = _SCRIPT_OR_STYLE.sub("", str(value or ""))
    text = _LINE_TAGS.sub("\n", text)
    text = html.unescape(strip_tags(text))
    text = strip_control_characters(text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if max_length and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def _http_url(value):
    value = single_line(str(value or ""))
    parts = urllib.parse.urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname and len(value) <= 1000:
        return value
    return ""


def _zone_name(value, fallback):
    """An IANA name for the zone of `value` (Windows names mapped), else `fallback`."""
    tzinfo = getattr(value, "tzinfo", None)
    if tzinfo is None:
        return fallback
    try:
        tzid = tzid_from_dt(value)
    except Exception:  # an unusual tzinfo: fall back to its own names
        tzid = None
    for candidate in (tzid, getattr(tzinfo, "key", None), getattr(tzinfo, "zone", None)):
        if not candidate:
            continue
        candidate = WINDOWS_TO_OLSON.get(candidate, candidate)
        try:
            zoneinfo.ZoneInfo(candidate)
            return candidate
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return fallback


def _aware(value, zone, *, end=False):
    """(UTC datetime, all_day) for a DTSTART/DTEND/RECURRENCE-ID value."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # floating: the calendar's zone
            value = value.replace(tzinfo=zone)
        return value.astimezone(datetime.UTC), False
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(0, 0), tzinfo=zone).astimezone(datetime.UTC), True
    raise ParseError(_("A date has a value that is neither a date nor a date-time."))


def _recurrence_key(component, zone):
    if "RECURRENCE-ID" not in component:
        return ""
    value = component.decoded("RECURRENCE-ID")
    if isinstance(value, datetime.datetime):
        return _aware(value, zone)[0].strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _overlaps(start, end, window_start, window_end):
    """As recurring-ical-events' between(): an event in the window, or a zero-length one starting in it."""
    if start == end:
        return window_start <= start < window_end
    return start < window_end and end > window_start


def parse_feed(body, *, default_timezone=None, now=None):
    """Every date of the feed between CONVENE_CALENDAR_IMPORT_PAST_DAYS ago and
    CONVENE_CALENDAR_IMPORT_DAYS_AHEAD ahead, one ParsedDate per (UID, RECURRENCE-ID)."""
    now = now or datetime.datetime.now(datetime.UTC)
    try:
        text = body.decode("utf-8-sig") if isinstance(body, bytes) else body
    except UnicodeDecodeError:
        raise ParseError(_("The feed is not UTF-8 text."))
    if "BEGIN:VCALENDAR" not in text[:2000].upper():
        raise ParseError(_("This is not an iCalendar feed (no BEGIN:VCALENDAR)."))
    try:
        calendar = icalendar.Calendar.from_ical(text)
        calendar_zone_name = str(calendar.get("X-WR-TIMEZONE", "") or "")
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as e:  # icalendar raises ValueError, KeyError, IndexError... on broken input
        raise ParseError(_("The feed could not be read: %(error)s") % {"error": str(e)[:200]})
    fallback_name = default_timezone or settings.CONVENE_DEFAULT_TIMEZONE
    try:
        zoneinfo.ZoneInfo(WINDOWS_TO_OLSON.get(calendar_zone_name, calendar_zone_name))
        fallback_name = WINDOWS_TO_OLSON.get(calendar_zone_name, calendar_zone_name) or fallback_name
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    zone = zoneinfo.ZoneInfo(fallback_name)
    window_start = now - datetime.timedelta(days=settings.CONVENE_CALENDAR_IMPORT_PAST_DAYS)
    window_end = now + datetime.timedelta(days=settings.CONVENE_CALENDAR_IMPORT_DAYS_AHEAD)
    # Only series (a rule, extra dates or overrides) go through recurring-ical-events, which expands them
    # within the window alone; a single event is read as it stands. Most feeds (Meetup, Luma) are all
    # single events, and the library's pass over them cost about a third of a sync's parse.
    recurring = {
        str(c.get("UID", "")) for c in calendar.walk("VEVENT") if {"RRULE", "RDATE", "RECURRENCE-ID"} & set(c.keys())
    }
    singles = [c for c in calendar.walk("VEVENT") if str(c.get("UID", "")) not in recurring]
    components = []
    if recurring:
        series = icalendar.Calendar()
        for component in calendar.subcomponents:
            if component.name != "VEVENT" or str(component.get("UID", "")) in recurring:
                series.add_component(component)
        try:
            components = list(recurring_ical_events.of(series, skip_bad_series=True).between(window_start, window_end))
        except Exception as e:
            raise ParseError(_("The feed's dates could not be read: %(error)s") % {"error": str(e)[:200]})
    dates = {}
    for component in [*singles, *components]:
        uid = single_line(str(component.get("UID", "")))[:500]
        if not uid or "DTSTART" not in component:
            continue
        is_single = str(component.get("UID", "")) not in recurring
        try:
            raw_start = component.decoded("DTSTART")
            start, all_day = _aware(raw_start, zone)
            if "DTEND" in component:
                end, _all_day = _aware(component.decoded("DTEND"), zone)
            elif "DURATION" in component:
                end = start + component.decoded("DURATION")
            else:
                end = start + (datetime.timedelta(days=1) if all_day else datetime.timedelta(0))
            recurrence_id = _recurrence_key(component, zone) if str(component.get("UID", "")) in recurring else ""
            sequence = int(component.get("SEQUENCE", 0) or 0)
        except (ValueError, TypeError, KeyError, OverflowError):
            continue  # one broken event does not sink the rest of the calendar
        if end < start:
            end = start
        if is_single and not _overlaps(start, end, window_start, window_end):
            continue
        status = "cancelled" if str(component.get("STATUS", "")).upper() == "CANCELLED" else "scheduled"
        title = plain_text(component.get("SUMMARY", ""), 300).replace("\n", " ") or _("(untitled)")
        parsed = ParsedDate(
            uid=uid,
            recurrence_id=recurrence_id,
            title=title,
            description=plain_text(component.get("DESCRIPTION", ""), MAX_DESCRIPTION),
            location=single_line(plain_text(component.get("LOCATION", "")), 500),
            url=_http_url(component.get("URL", "")),
            start=start,
            end=end,
            all_day=all_day,
            timezone=fallback_name if all_day else _zone_name(raw_start, fallback_name),
            status=status,
            sequence=max(0, min(sequence, 2**31 - 1)),
        )
        # Two copies of one instance (a feed listing an override twice): the higher SEQUENCE wins.
        previous = dates.get(parsed.key)
        if previous is None or parsed.sequence >= previous.sequence:
            dates[parsed.key] = parsed
    return list(dates.values())
