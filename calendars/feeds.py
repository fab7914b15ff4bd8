"""Imported dates and published community submissions in this site's own calendar feeds (through events'
'convene_feed_entries' hook): the site-wide, group, kind and tag feeds, and a person's private feed for
the groups they follow.

Each date is its own VEVENT in UTC (or a date for all-day ones). UIDs never collide with ours
('event-<id>@...', 'occurrence-<id>@...') nor with each other: an imported date keeps its original UID as
'import-<source id>-<instance>-<original UID>' (the same UID arriving from two sources stays two), a
submission is 'submission-<id>@<our UID domain>'."""

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Event

from events.feeds.identity import uid_domain

from .models import tag_slug_lookup
from .services.listing import imported_cards, submission_cards

_UNSAFE = re.compile(r"[^A-Za-z0-9@._+\-]")


def imported_uid(row):
    original = _UNSAFE.sub("_", row.uid)
    return f"import-{row.source_id}-{row.recurrence_id or 'single'}-{original}"


def submission_uid(row):
    return f"submission-{row.pk}@{uid_domain()}"


def _followed(user_pk):
    from events.models import GroupFollow

    return GroupFollow.objects.filter(user_id=user_pk).values("group_id")


def _for_spec(spec):
    """(imported dates, submissions) this feed holds: the same choice the feed makes among our events."""
    from events.models import GroupPage

    public_groups = GroupPage.objects.live().public().values("pk")  # one restriction lookup for both
    imported, submitted = imported_cards(public_groups), submission_cards(public_groups)
    kind, _sep, value = spec.key.partition(":")
    if spec.key == "all":
        return imported, submitted
    if spec.user_pk is not None:
        # A person's private feed: the groups they follow (imported dates take no registrations here).
        followed = _followed(spec.user_pk)
        return imported.filter(source__group__in=followed), submitted.filter(group__in=followed)
    if kind == "group":
        return imported.filter(source__group__slug=value), submitted.filter(group__slug=value)
    if kind == "kind":
        from .services.listing import SubmittedDates

        submitted = submitted if value == SubmittedDates.kind else submitted.none()
        return imported.filter(source__default_kind=value), submitted
    if kind == "tag":
        return imported.filter(tag_slug_lookup("source__", value)), submitted.filter(tag_slug_lookup("", value))
    return imported.none(), submitted.none()


def render_imported(row):
    submitted = not hasattr(row, "source_id")
    component = Event()
    component.add("uid", submission_uid(row) if submitted else imported_uid(row))
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
    elif getattr(row, "online_link", ""):
        component.add("location", row.online_link)
    component.add("categories", [str(row.get_kind_display()), *row.tag_list])
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
    """(VEVENT texts in date order, newest edit) of the imported dates and submissions this feed holds."""
    rows = []
    for qs in _for_spec(spec):
        if cutoff is not None:
            qs = qs.filter(end__gte=cutoff)
        rows += list(qs.order_by("start", "pk"))  # one query each
    rows.sort(key=lambda row: (row.start, row.pk))
    # Our own words ('Cancelled:', 'Hosted on …') in the feed's language; the imported text stays as it came,
    # without a LANGUAGE parameter: sources do not tell us theirs.
    with translation.override(spec.language):
        texts = [render_imported(row) for row in rows]
    return texts, max((row.modified_at for row in rows), default=None)
