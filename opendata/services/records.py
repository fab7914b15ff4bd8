"""What is public, and its records as the API and the bulk files publish them.

Only live pages without a view restriction (password, login or group) are public, so drafts,
unpublished, private and deleted events never appear; online meeting links, the body of the page,
organizers and anything about registrants are never read into a record. Every function here runs a
fixed number of queries, however many events there are.
"""

import datetime

from django.conf import settings
from taggit.models import Tag

from events.models import EventPage, GroupPage, Venue
from events.models.pages import Kind
from events.recurrence import Repeat
from events.services.listing import occurrence_cards

SCHEDULED = "https://schema.org/EventScheduled"
CANCELLED = "https://schema.org/EventCancelled"
RESCHEDULED = "https://schema.org/EventRescheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"

REPEAT_FREQUENCY = {Repeat.WEEKLY: "P1W", Repeat.BIWEEKLY: "P2W", Repeat.MONTHLY: "P1M", Repeat.BIMONTHLY: "P2M"}


def license_url():
    return settings.CONVENE_OPEN_DATA_LICENSE_URL


def license_name():
    return settings.CONVENE_OPEN_DATA_LICENSE_NAME


# -- what is public -------------------------------------------------------------------------------


def public_events():
    return EventPage.objects.live().public()


def public_occurrences():
    """Every public date, past and upcoming, in start order."""
    return occurrence_cards().order_by("start", "pk")


def public_groups():
    return GroupPage.objects.live().public().order_by("title", "pk")


def public_venues():
    """Venues of public events only: a venue used only by a private event is nobody else's business."""
    used = public_events().exclude(venue=None).values("venue")
    return Venue.objects.filter(pk__in=used).order_by("city", "name", "pk")


def public_tags():
    return (
        Tag.objects.filter(events_eventpagetag_items__content_object__in=public_events())
        .distinct()
        .order_by("name", "pk")
    )


def kinds():
    return [{"value": value, "label": str(label)} for value, label in Kind.choices]


# -- records --------------------------------------------------------------------------------------


def _address(venue):
    return {
        "streetAddress": venue.address,
        "addressLocality": venue.city,
        "addressRegion": venue.region,
        "postalCode": venue.postal_code,
        "addressCountry": venue.country,
    }


def _geo(venue):
    if not venue.has_geo:
        return None
    return {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}


def _status(event, occurrence):
    if event.is_cancelled or occurrence.is_cancelled:
        return CANCELLED
    if occurrence.is_moved:
        return RESCHEDULED
    return SCHEDULED


def _attendance_mode(event):
    if event.online_url and event.venue_id:
        return MIXED
    if event.online_url:
        return ONLINE
    return OFFLINE


def _series(event, request):
    if not event.is_series:
        return None
    return {
        "identifier": event.pk,
        "name": event.title,
        "url": event.get_full_url(request),
        "repeatFrequency": REPEAT_FREQUENCY.get(event.repeat, ""),
        "endDate": event.repeat_until.isoformat() if event.repeat_until else None,
    }


def event_record(occurrence, request=None):
    """One date of an event, as published. `occurrence` comes from occurrence_cards()."""
    event = occurrence.event
    tz = event.tz
    url = event.get_full_url(request)
    if url and event.is_series:
        url = f"{url}?date={occurrence.original_date.isoformat()}"
    previous = None
    if occurrence.is_moved:
        usual_time = event.start_time or datetime.time(0, 0)
        previous = datetime.datetime.combine(occurrence.original_date, usual_time, tzinfo=tz).isoformat()
    venue = event.venue
    group = event.group
    return {
        "identifier": occurrence.pk,
        "url": url,
        "name": event.title,
        "description": event.summary,
        "kind": event.kind,
        "keywords": sorted(tag.name for tag in event.tags.all()),
        "startDate": occurrence.start.astimezone(tz).isoformat(),
        "endDate": occurrence.end.astimezone(tz).isoformat(),
        "timezone": event.timezone,
        "allDay": event.all_day,
        "eventStatus": _status(event, occurrence),
        "eventAttendanceMode": _attendance_mode(event),
        "previousStartDate": previous,
        "location": (
            {"identifier": venue.pk, "name": venue.name, "address": _address(venue), "geo": _geo(venue)}
            if venue
            else None
        ),
        "organizer": (
            {"identifier": group.pk, "name": group.title, "url": group.get_full_url(request)} if group else None
        ),
        "superEvent": _series(event, request),
        "maximumAttendeeCapacity": occurrence.seat_limit,
        "note": occurrence.note,
    }


def group_record(group, request=None):
    return {
        "identifier": group.pk,
        "slug": group.slug,
        "name": group.title,
        "description": group.summary,
        "city": group.city,
        "url": group.get_full_url(request),
        "sameAs": [group.website] if group.website else [],
    }


def venue_record(venue):
    return {
        "identifier": venue.pk,
        "name": venue.name,
        "address": _address(venue),
        "geo": _geo(venue),
        "accessibilityNotes": venue.accessibility_notes,
    }


def tag_record(tag):
    return {"slug": tag.slug, "name": tag.name}
