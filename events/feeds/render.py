"""One event as iCalendar text: a VEVENT (with RRULE, EXDATE) plus one VEVENT per moved date.

Rendered once per change of the event and stored (see build.py); feeds concatenate the stored text.
"""

import datetime
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Event, vRecur
from wagtail.models import Site

from ..models.occurrences import OccurrenceStatus
from ..recurrence import rrule_string
from .identity import uid_domain
from .language import common_language, content

# Raise when the rendering below changes, so every stored entry is rendered again.
RENDER_VERSION = "6"


def event_uid(event_pk):
    """Stable forever: the page's primary key and the site's stored domain, never a title or a URL."""
    return f"event-{event_pk}@{uid_domain()}"


def occurrence_uid(occurrence_pk):
    """One date on its own (a private feed's registered date, an email's attachment): stable forever too."""
    return f"occurrence-{occurrence_pk}@{uid_domain()}"


def entry_key(sequence, modified_at):
    return f"{RENDER_VERSION}:{sequence}:{modified_at.timestamp():.6f}"


class PageUrls:
    """Public URLs of pages in one language without a query per page: the site root paths are read once.

    The language's prefix ('/fr/') comes from the URL configuration, as Wagtail's own page URLs do."""

    def __init__(self, language=None):
        self.roots = Site.get_site_root_paths()
        self.language = language or settings.LANGUAGE_CODE
        with translation.override(self.language):
            self.prefix = reverse("wagtail_serve", args=("",))  # '/', or '/fr/' under i18n_patterns

    def __call__(self, page):
        for root in self.roots:
            if page.url_path.startswith(root.root_path):
                return settings.SITE_URL + self.prefix + page.url_path[len(root.root_path) :]
        return settings.SITE_URL + self.prefix + page.url_path.lstrip("/")


def _occurrence_dates(occurrence, event):
    start, end = occurrence.start.astimezone(event.tz), occurrence.end.astimezone(event.tz)
    if event.all_day:
        last = end.date() if end.time() == datetime.time(0) else end.date() + datetime.timedelta(days=1)
        return start.date(), max(last, start.date() + datetime.timedelta(days=1))
    return start, end


def _master_dates(event):
    if event.all_day:
        first = event.start_date
        return first, first + datetime.timedelta(days=event.local_duration().days or 1)
    start = event.aware(event.local_start())
    return start, event.aware(event.local_start() + event.local_duration())


def _instance_id(event, day):
    """The RECURRENCE-ID/EXDATE of a date: same value type and zone as DTSTART."""
    if event.all_day:
        return day
    return event.aware(datetime.datetime.combine(day, event.start_time or datetime.time(0)))


def _location(event, language):
    """(text, its language or None). Feeds are public: the meeting link itself is only shown to registered
    people. An address is names and numbers in no particular language: no LANGUAGE parameter."""
    if event.venue_id:
        return event.venue.full_address, None
    return (_("Online"), language) if event.online_url else ("", None)


def _cancelled_dates(occurrences):
    """Why dates of a series are missing (EXDATE says only that they are): one line per cancelled date."""
    lines = []
    for occurrence in occurrences:
        if occurrence.status != OccurrenceStatus.CANCELLED:
            continue
        day = date_format(occurrence.original_date, "DATE_FORMAT")
        if occurrence.note:
            lines.append(_("Cancelled on %(date)s: %(note)s") % {"date": day, "note": occurrence.note})
        else:
            lines.append(_("Cancelled on %(date)s.") % {"date": day})
    return "\n".join(lines)


def _description(event, url, urls, note="", cancelled_dates=""):
    """(text, its language or None when it mixes languages). Our own lines are in the feed's language; the
    organizer's summary is in the language they wrote it in."""
    language = urls.language
    summary, summary_language = content(event, "summary", language)
    lines = []
    if event.is_cancelled:
        lines.append(_("This event has been cancelled."))
    if note:
        lines.append(note)
    if cancelled_dates:
        lines.append(cancelled_dates)
    if summary:
        lines.append(summary)
    if event.online_url:
        lines.append(_("Online: registered people find the link on the event page."))
    if event.group_id:
        group = content(event.group, "title", language)[0]
        lines.append(_("Organized by %(group)s: %(url)s") % {"group": group, "url": urls(event.group)})
    lines.append(_("Details and registration: %(url)s") % {"url": url})
    return "\n\n".join(lines), common_language(language, summary_language if summary else None)


def _add_text(component, name, value, language):
    component.add(name, value, parameters={"LANGUAGE": language} if language else None)


def _base_component(event, urls, *, cancelled, note="", cancelled_dates="", uid=None, modified=None, url=None):
    url = url or urls(event)
    modified = (modified or event.calendar_modified_at).astimezone(datetime.UTC)
    component = Event()
    component.add("uid", uid or event_uid(event.pk))
    component.add("dtstamp", modified)
    component.add("last-modified", modified)
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    summary, summary_language = content(event, "title", urls.language)
    if cancelled:
        summary = _("Cancelled: %(title)s") % {"title": summary}
        summary_language = common_language(summary_language, urls.language)
    _add_text(component, "summary", summary, summary_language)
    _add_text(component, "description", *_description(event, url, urls, note, cancelled_dates))
    component.add("url", url)
    location, location_language = _location(event, urls.language)
    if location:
        _add_text(component, "location", location, location_language)
    if event.venue_id and event.venue.has_geo:
        component.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    if event.group_id and event.group.contact_email:
        # RFC 5545: ORGANIZER is a cal-address. Without an email the group is named in the description only.
        group = content(event.group, "title", urls.language)[0]
        component.add("organizer", f"mailto:{event.group.contact_email}", parameters={"CN": group})
    categories = [str(event.get_kind_display())] + sorted(tag.name for tag in event.tags.all())
    component.add("categories", categories)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    return component


def _add_dates(component, start, end):
    component.add("dtstart", start)
    component.add("dtend", end)


def _rrule(event):
    """The series' RRULE; a cancelled series ends at its last date on record instead of running forever."""
    until = event.repeat_until
    last = getattr(event, "calendar_last_date", None)
    if event.is_cancelled and last is not None:
        until = min(until, last) if until else last
    value = rrule_string(event.repeat, event.local_start(), until, event.tz)
    if event.all_day and until:
        # UNTIL takes DTSTART's value type: a DATE for an all-day series.
        value = re.sub(r"UNTIL=\d{8}T\d{6}Z", f"UNTIL={until:%Y%m%d}", value)
    return value


def render_date(occurrence, urls):
    """One registered date of a series as an event of its own (own UID; no RECURRENCE-ID, since the
    private feed that holds it does not hold the series). In the language of `urls`."""
    with translation.override(urls.language):
        event = occurrence.event
        cancelled = event.is_cancelled or occurrence.status == OccurrenceStatus.CANCELLED
        component = _base_component(
            event,
            urls,
            cancelled=cancelled,
            note=occurrence.note,
            uid=occurrence_uid(occurrence.pk),
            modified=max(event.calendar_modified_at, occurrence.modified_at),
            url=f"{urls(event)}?date={occurrence.original_date:%Y-%m-%d}",
        )
        _add_dates(component, *_occurrence_dates(occurrence, event))
        return component.to_ical().decode()


def render_event(event, urls):
    """The event's VEVENT text. `event.calendar_occurrences` holds its cancelled or moved dates
    (and, for a single event, its one date). In the language of `urls`."""
    with translation.override(urls.language):
        return _render(event, urls)


def _render(event, urls):
    occurrences = sorted(event.calendar_occurrences, key=lambda o: o.original_date)
    if not event.is_series:
        only = occurrences[0] if occurrences else None
        cancelled = event.is_cancelled or (only is not None and only.status == OccurrenceStatus.CANCELLED)
        component = _base_component(event, urls, cancelled=cancelled, note=only.note if only else "")
        if only is not None and only.is_moved:
            _add_dates(component, *_occurrence_dates(only, event))
        else:
            _add_dates(component, *_master_dates(event))
        return component.to_ical().decode()

    notes = "" if event.is_cancelled else _cancelled_dates(occurrences)
    master = _base_component(event, urls, cancelled=event.is_cancelled, cancelled_dates=notes)
    _add_dates(master, *_master_dates(event))
    master.add("rrule", vRecur.from_ical(_rrule(event)))
    excluded = [_instance_id(event, o.original_date) for o in occurrences if o.status == OccurrenceStatus.CANCELLED]
    if excluded and not event.is_cancelled:
        master.add("exdate", excluded)
    parts = [master.to_ical().decode()]
    if not event.is_cancelled:
        for occurrence in occurrences:
            if occurrence.is_moved and occurrence.status != OccurrenceStatus.CANCELLED:
                override = _base_component(event, urls, cancelled=False, note=occurrence.note)
                override.add("recurrence-id", _instance_id(event, occurrence.original_date))
                _add_dates(override, *_occurrence_dates(occurrence, event))
                parts.append(override.to_ical().decode())
    return "".join(parts)
