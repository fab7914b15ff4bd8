"""One event as iCalendar text: a VEVENT (with RRULE, EXDATE) plus one VEVENT per moved date.

Rendered once per change of the event and stored (see build.py); feeds concatenate the stored text.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Event, vRecur
from wagtail.models import Site

from ..models.occurrences import OccurrenceStatus

# Raise when the rendering below changes, so every stored entry is rendered again.
RENDER_VERSION = "4"


def event_uid(event_pk):
    """Stable forever: the page's primary key and a fixed domain, never a title or a URL."""
    return f"event-{event_pk}@{settings.CONVENE_CALENDAR_UID_DOMAIN}"


def entry_key(sequence, modified_at):
    return f"{RENDER_VERSION}:{sequence}:{modified_at.timestamp():.6f}"


class PageUrls:
    """Public URLs of pages without a query per page: the site root paths are read once."""

    def __init__(self):
        self.roots = Site.get_site_root_paths()

    def __call__(self, page):
        for root in self.roots:
            if page.url_path.startswith(root.root_path):
                return settings.SITE_URL + "/" + page.url_path[len(root.root_path) :]
        return settings.SITE_URL + page.url_path


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


def _location(event):
    # Feeds are public: the meeting link itself is only shown to registered people.
    if event.venue_id:
        return event.venue.full_address
    return _("Online") if event.online_url else ""


def _description(event, url, note=""):
    lines = []
    if event.is_cancelled:
        lines.append(_("This event has been cancelled."))
    if note:
        lines.append(note)
    if event.summary:
        lines.append(event.summary)
    if event.online_url:
        lines.append(_("Online: registered people find the link on the event page."))
    lines.append(_("Details and registration: %(url)s") % {"url": url})
    return "\n\n".join(lines)


def _base_component(event, urls, *, cancelled, note=""):
    url = urls(event)
    component = Event()
    component.add("uid", event_uid(event.pk))
    component.add("dtstamp", event.calendar_modified_at.astimezone(datetime.UTC))
    component.add("last-modified", event.calendar_modified_at.astimezone(datetime.UTC))
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    summary = event.title
    if cancelled:
        summary = _("Cancelled: %(title)s") % {"title": summary}
    component.add("summary", summary)
    component.add("description", _description(event, url, note))
    component.add("url", url)
    location = _location(event)
    if location:
        component.add("location", location)
    if event.venue_id and event.venue.has_geo:
        component.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    if event.group_id:
        component.add("organizer", urls(event.group), parameters={"CN": event.group.title})
    categories = [str(event.get_kind_display())] + sorted(tag.name for tag in event.tags.all())
    component.add("categories", categories)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    return component


def _add_dates(component, start, end):
    component.add("dtstart", start)
    component.add("dtend", end)


def render_event(event, urls):
    """The event's VEVENT text. `event.calendar_occurrences` holds its cancelled or moved dates
    (and, for a single event, its one date)."""
    with translation.override(settings.LANGUAGE_CODE):
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

    master = _base_component(event, urls, cancelled=event.is_cancelled)
    _add_dates(master, *_master_dates(event))
    master.add("rrule", vRecur.from_ical(event.rrule_string()))
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
