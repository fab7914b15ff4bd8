"""Imported dates in this site's own calendar feeds (through events' 'convene_feed_entries' hook).

Each date is its own VEVENT in UTC (or a date for all-day ones). Its UID keeps the original UID but
never collides with ours ('event-<id>@...') nor with the same UID arriving from two sources:
'import-<source id>-<instance>-<original UID>'."""

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Event

from .services.listing import imported_cards

_UNSAFE = re.compile(r"[^A-Za-z0-9@._+\-]")


def imported_uid(row):
    original = _UNSAFE.sub("_", row.uid)
    return f"import-{row.source_id}-{row.recurrence_id or 'single'}-{original}"


def _for_spec(spec):
    qs = imported_cards()
    kind, _sep, value = spec.key.partition(":")
    if spec.key == "all":
        return qs
    if kind == "group":
        return qs.filter(source__group__slug=value)
    if kind == "kind":
        return qs.filter(source__default_kind=value)
    if kind == "tag":
        return qs.filter(source__default_tags__icontains=value.replace("-", " "))
    return qs.none()


def render_imported(row):
    component = Event()
    component.add("uid", imported_uid(row))
    component.add("dtstamp", row.modified_at.astimezone(datetime.UTC))
    component.add("last-modified", row.modified_at.astimezone(datetime.UTC))
    component.add("sequence", row.feed_sequence)
    summary = row.title
    if row.is_cancelled:
        summary = _("Cancelled: %(title)s") % {"title": summary}
    component.add("summary", summary)
    lines = [row.description] if row.description else []
    lines.append(
        _("Hosted on %(domain)s; details and registration: %(url)s") % {"domain": row.hosted_on, "url": row.link}
    )
    component.add("description", "\n\n".join(lines))
    component.add("url", row.link)
    if row.location:
        component.add("location", row.location)
    component.add("categories", [str(row.get_kind_display())])
    component.add("status", "CANCELLED" if row.is_cancelled else "CONFIRMED")
    component.add("class", "PUBLIC")
    if row.all_day:
        first = row.local_start.date()
        last = max(row.local_end.date(), first + datetime.timedelta(days=1))
        component.add("dtstart", first)
        component.add("dtend", last)
    else:
        component.add("dtstart", row.start.astimezone(datetime.UTC))
        component.add("dtend", max(row.end, row.start).astimezone(datetime.UTC))
    return component.to_ical().decode()


def feed_entries(spec, cutoff):
    """(VEVENT texts in date order, newest edit) of the imported dates this feed holds."""
    qs = _for_spec(spec)
    if cutoff is not None:
        qs = qs.filter(end__gte=cutoff)
    if spec.user_pk is not None:
        return [], None
    rows = list(qs.order_by("start", "pk"))  # the one query imported dates add to a feed's build
    # Our own words ('Cancelled:', 'Hosted on …') in the feed's language; the imported text stays as it came,
    # without a LANGUAGE parameter: sources do not tell us theirs.
    with translation.override(spec.language):
        texts = [render_imported(row) for row in rows]
    return texts, max((row.modified_at for row in rows), default=None)
