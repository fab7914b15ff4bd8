"""Links that add a feed or an event to the common calendar apps."""

import datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..bilingual import localized_text
from ..models.occurrences import OccurrenceStatus


def subscribe_links(path, name):
    """Subscribe to a feed: https URL to copy, webcal:// (Apple, Outlook desktop, Thunderbird), Google, Outlook.com."""
    url = settings.SITE_URL + path
    webcal = "webcal://" + url.split("://", 1)[-1]
    return {
        "name": name,
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
    }


def _next_date(event, now=None):
    now = now or timezone.now()
    upcoming = event.occurrences.filter(end__gte=now).order_by("start")
    return (
        upcoming.filter(status=OccurrenceStatus.SCHEDULED).first()
        or upcoming.first()
        or event.occurrences.order_by("-start").first()
    )


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def add_event_links(event, page_url, now=None):
    """Download (.ics of the event or whole series), Google Calendar and Outlook.com links for the next date,
    with the event's words in the active language when the organizer wrote them."""
    occurrence = _next_date(event, now)
    start = occurrence.start if occurrence else event.start
    end = occurrence.end if occurrence else event.end
    title = localized_text(event, "title")
    details = f"{localized_text(event, 'summary')}\n\n{page_url}"
    # Public links: the meeting link stays on the page for registered people.
    location = event.venue.full_address if event.venue_id else (_("Online") if event.online_url else "")
    if event.all_day:
        first = start.astimezone(event.tz).date()
        last = end.astimezone(event.tz).date()
        dates = f"{first:%Y%m%d}/{max(last, first + datetime.timedelta(days=1)):%Y%m%d}"
    else:
        dates = f"{_utc(start)}/{_utc(end)}"
    google = {"action": "TEMPLATE", "text": title, "dates": dates, "details": details, "location": location}
    google["ctz"] = event.timezone
    if event.is_series:
        google["recur"] = "RRULE:" + event.rrule_string()
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "allday": "true" if event.all_day else "false",
        "body": details,
        "location": location,
    }
    return {
        "ics": reverse("calendar:event", kwargs={"pk": event.pk}),
        "filename": f"{event.slug}.ics",
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook),
        "is_series": event.is_series,
    }


def listing_feed(filters, options):
    """The feed matching the /events/ filter (group, then topic, then kind), else every event."""
    if filters.group:
        title = dict(options["groups"]).get(filters.group)
        if title:
            return reverse("calendar:group", kwargs={"slug": filters.group}), title
    if filters.tag:
        name = dict(options["tags"]).get(filters.tag)
        if name:
            return reverse("calendar:tag", kwargs={"slug": filters.tag}), name
    if filters.kind:
        label = dict(options["kinds"]).get(filters.kind)
        if label:
            return reverse("calendar:kind", kwargs={"kind": filters.kind}), label
    return reverse("calendar:all"), None
