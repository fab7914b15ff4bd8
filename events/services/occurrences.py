"""Materialising series dates, and the organizer's edits to a single date."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import EventsError
from ..models import EventPage, Occurrence
from ..models.occurrences import OccurrenceStatus
from ..models.registrations import CancelReason
from .changes import cancel_people_on, place_of, record_change, snapshot


def sync_occurrences(event, weeks_ahead=None, today=None, place_before=None):
    """Bring an event's Occurrence rows in line with its dates, for a rolling window.

    Dates that were moved or cancelled by hand keep their edits; dates the rule no longer
    produces are deleted when nobody registered, and cancelled otherwise (their registrations
    cancelled, refunded and told). People on a date whose time changed are told, with
    `place_before` (the venue and link they knew, by default the current ones) as the old details.
    """
    weeks_ahead = weeks_ahead or settings.CONVENE_OCCURRENCE_WEEKS_AHEAD
    today = today or timezone.localdate(timezone=event.tz)
    place_before = place_before if place_before is not None else place_of(event)
    duration = event.local_duration()
    rule = event.rrule()
    if rule is None:
        wanted = {event.start_date: event.local_start()}
    else:
        horizon = datetime.datetime.combine(today + datetime.timedelta(weeks=weeks_ahead), datetime.time.max)
        wanted = {dt.date(): dt for dt in rule.between(event.local_start(), horizon, inc=True)}

    with transaction.atomic():
        existing = {o.original_date: o for o in Occurrence.objects.select_for_update().filter(event=event)}
        if rule is None and len(existing) == 1 and event.start_date not in existing:
            # A single event whose date changed: move its one occurrence, registrations and all.
            (only,) = existing.values()
            only.original_date = event.start_date
            existing = {event.start_date: only}
        to_create = []
        for day, local in wanted.items():
            start = event.aware(local)
            end = event.aware(local + duration)
            occurrence = existing.get(day)
            if occurrence is None:
                if event.is_cancelled and existing:
                    continue  # a cancelled series gets no new dates: its feed ends at the last one it had
                to_create.append(Occurrence(event=event, original_date=day, start=start, end=end))
            elif not occurrence.is_moved and (occurrence.start, occurrence.end, occurrence.original_date) != (
                start,
                end,
                day,
            ):
                before = snapshot(occurrence, place_before)
                occurrence.start, occurrence.end = start, end
                occurrence.save(update_fields=["start", "end", "original_date", "modified_at"])
                record_change(occurrence, before)
        Occurrence.objects.bulk_create(to_create)

        stale = [o for day, o in existing.items() if day not in wanted]
        # Past dates beyond the window stay as history; only future dates the rule dropped go.
        stale = [o for o in stale if rule is None or o.original_date >= today]
        with_people = set(
            Occurrence.objects.filter(pk__in=[o.pk for o in stale], registrations__isnull=False).values_list(
                "pk", flat=True
            )
        )
        Occurrence.objects.filter(pk__in=[o.pk for o in stale if o.pk not in with_people]).delete()
        for occurrence in sorted((o for o in stale if o.pk in with_people), key=lambda o: o.pk):
            if occurrence.status == OccurrenceStatus.CANCELLED:
                continue
            occurrence.status = OccurrenceStatus.CANCELLED
            occurrence.note = occurrence.note or _("This date is no longer part of the series.")
            occurrence.save(update_fields=["status", "note", "modified_at"])
            cancel_people_on(occurrence, reason=CancelReason.DATE_CANCELLED, kind="date_cancelled")
    return len(to_create)


def extend_all_series(today=None):
    """Periodic: keep every live series materialised for the rolling window. Safe to run twice."""
    created = 0
    for event in EventPage.objects.live().exclude(repeat="").exclude(status="cancelled"):
        created += sync_occurrences(event, today=today)
    return created


def apply_published_event(event, before=None, now=None):
    """An event page was published: bring its dates in line and reach the people the change affects.

    `before` is what the page said until now ({"place": place_of(...), "status": ...}), or None. A new
    time moves every date that was not moved by hand; a new venue or link changes every date to come;
    either way each person is told once. Setting the status to cancelled cancels everyone's
    registration, as "Cancel event" does."""
    from .cancellation import cancel_everyone_on

    now = now or timezone.now()
    place_before = before["place"] if before else None
    with transaction.atomic():
        sync_occurrences(event, place_before=place_before)
        if before is None:
            return
        if event.is_cancelled:
            if before["status"] != event.status:
                cancel_everyone_on(event, now=now)
            return
        if place_before != place_of(event):
            upcoming = Occurrence.objects.select_for_update().filter(
                event=event, status=OccurrenceStatus.SCHEDULED, end__gt=now
            )
            for occurrence in upcoming.order_by("pk"):
                record_change(occurrence, snapshot(occurrence, place_before), now=now)


def apply_venue_change(venue, address_before, now=None):
    """A venue's address was edited: every live event held there tells the people on its coming dates,
    as a change of venue in the event's editor does (one email per person once the change settles)."""
    now = now or timezone.now()
    if address_before == venue.full_address:
        return
    with transaction.atomic():
        for event in EventPage.objects.live().filter(venue=venue).select_related("venue").order_by("pk"):
            place_before = {**place_of(event), "venue": address_before}
            upcoming = Occurrence.objects.select_for_update().filter(
                event=event, status=OccurrenceStatus.SCHEDULED, end__gt=now
            )
            changed = [record_change(o, snapshot(o, place_before), now=now) for o in upcoming.order_by("pk")]
            if any(changed):
                _bump_event(event.pk)  # calendars that hold the date update it in place (higher SEQUENCE)


def _bump_event(event_id):
    EventPage.objects.filter(pk=event_id).update(sequence=F("sequence") + 1, calendar_modified_at=timezone.now())


def cancel_occurrence(occurrence, note="", *, actor=None, now=None):
    """Cancel one date: its registrations are cancelled (paid ones refunded) and everyone on it,
    confirmed, holding a seat or waiting, gets one email with the organizer's note."""
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise EventsError(_("This date is already cancelled."))
    with transaction.atomic():
        occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        if occurrence.status == OccurrenceStatus.CANCELLED:
            raise EventsError(_("This date is already cancelled."))
        occurrence.status = OccurrenceStatus.CANCELLED
        occurrence.note = note or occurrence.note
        occurrence.save(update_fields=["status", "note", "modified_at"])
        _bump_event(occurrence.event_id)
        cancel_people_on(occurrence, reason=CancelReason.DATE_CANCELLED, kind="date_cancelled", actor=actor, now=now)
    return occurrence


def reinstate_occurrence(occurrence):
    with transaction.atomic():
        occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        occurrence.status = OccurrenceStatus.SCHEDULED
        occurrence.save(update_fields=["status", "modified_at"])
        _bump_event(occurrence.event_id)
    return occurrence


def move_occurrence(occurrence, start, end, *, now=None):
    """Move one date; the people on it are told once the change settles (see services/changes.py)."""
    if end <= start:
        raise EventsError(_("A date must end after it starts."))
    with transaction.atomic():
        occurrence = (
            Occurrence.objects.select_for_update(of=("self",)).select_related("event__venue").get(pk=occurrence.pk)
        )
        before = snapshot(occurrence)
        occurrence.start, occurrence.end = start, end
        occurrence.is_moved = True
        occurrence.save(update_fields=["start", "end", "is_moved", "modified_at"])
        _bump_event(occurrence.event_id)
        record_change(occurrence, before, now=now)
    return occurrence


def update_occurrence(occurrence, *, status, start, end, note, actor=None):
    """The organizer's edit form for one date: apply whichever of cancel/reinstate/move it asks for."""
    current = Occurrence.objects.get(pk=occurrence.pk)
    if status != current.status and status == OccurrenceStatus.CANCELLED:
        # A date cancelled and moved in one save is cancelled where it was: one email, not two.
        if (start, end) != (current.start, current.end):
            move_occurrence(current, start, end)
        cancel_occurrence(current, note, actor=actor)
        return Occurrence.objects.get(pk=current.pk)
    if (start, end) != (current.start, current.end):
        move_occurrence(current, start, end)
    if status != current.status:
        if status == OccurrenceStatus.CANCELLED:
            cancel_occurrence(current, note, actor=actor)
        else:
            reinstate_occurrence(current)
    if note != current.note:
        current.note = note
        current.save(update_fields=["note", "modified_at"])  # the note shows in calendar feeds
    return Occurrence.objects.get(pk=current.pk)


def upcoming_dates(event, now=None):
    """The dates a visitor can still attend (and recently cancelled ones, so they are not surprised)."""
    now = now or timezone.now()
    return list(event.occurrences.filter(end__gte=now).select_related("event").order_by("start")[:52])


def selected_date(event, upcoming, requested):
    """The date a visitor asked for with ?date=YYYY-MM-DD, else the next one that takes place.

    A malformed or unknown date is ignored rather than answered with an error.
    """
    if requested:
        try:
            day = datetime.date.fromisoformat(requested[:10])
        except ValueError:
            day = None
        if day:
            match = next((o for o in upcoming if o.original_date == day), None)
            if match is None:
                match = event.occurrences.filter(original_date=day).select_related("event").first()
            if match:
                return match
    following = next((o for o in upcoming if not o.is_cancelled), None)
    if following or upcoming:
        return following or upcoming[0]
    return event.occurrences.select_related("event").order_by("-start").first()
