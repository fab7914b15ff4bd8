"""Changes to dates that people registered for.

A cancelled date cancels its registrations (paid ones refunded through the usual refund path) and tells
everyone on it. A moved or retimed date, or a new venue or online link, keeps the registrations and tells
each person once: saves within CONVENE_DATE_CHANGE_DELAY_SECONDS of each other join one waiting
DateChange, sent by the worker when it falls due. Dates already over are left alone.

The callers (occurrences.py) hold the date's row lock; the effects on registrations happen in their
transaction, and every email goes out after commit.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..models import DateChange, Occurrence, Registration
from ..models.registrations import CancelReason, RegistrationStatus
from .audit import audit
from .cancellation import _cancel_locked
from .notifications import notify
from .seats import lock_occurrence
from .waitlist import refresh_occurrence

# Sent after commit, so other apps (teams: a hackathon's judges) hear of it too.
date_cancelled = Signal()  # sender=Occurrence, occurrence
date_changed = Signal()  # sender=Occurrence, occurrence, change

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT, RegistrationStatus.WAITLISTED)
CANCEL_LINK_SALT = "convene.cancel-after-change"


# -- what people were told ------------------------------------------------------------------


def place_of(event):
    """Where an event happens, as people are told it: the venue's address and the online link."""
    venue = event.venue.full_address if event.venue_id and event.venue else ""
    return {"venue": venue, "link": event.online_url or ""}


def snapshot(occurrence, place=None):
    place = place if place is not None else place_of(occurrence.event)
    return {"start": occurrence.start.isoformat(), "end": occurrence.end.isoformat(), **place}


def differs(before, after):
    """Did anything people rely on change? (Compared as instants, whatever zone they were written in.)"""
    instant = datetime.datetime.fromisoformat
    when = [instant(before[key]) != instant(after[key]) for key in ("start", "end")]
    return any(when) or before.get("venue", "") != after["venue"] or before.get("link", "") != after["link"]


def people_on(occurrence):
    """Everyone a change to this date reaches: confirmed, holding a seat to pay for, or waiting."""
    return Registration.objects.filter(occurrence_id=occurrence.pk, status__in=ACTIVE)


def reach(occurrences, now=None):
    """How many people a change to these dates would reach (dates already over are left alone)."""
    now = now or timezone.now()
    ids = [o.pk for o in occurrences if o.end > now]
    return Registration.objects.filter(occurrence_id__in=ids, status__in=ACTIVE).values("user").distinct().count()


# -- cancelled dates ------------------------------------------------------------------------


def cancel_people_on(occurrence, *, reason, kind, actor=None, now=None):
    """Cancel every active registration of a locked date, refund the paid ones, tell each person once.
    Runs inside the caller's transaction; returns how many registrations were cancelled."""
    assert transaction.get_connection().in_atomic_block, "call with the occurrence locked"
    now = now or timezone.now()
    active = Registration.objects.select_for_update().filter(occurrence_id=occurrence.pk, status__in=ACTIVE)
    cancelled = 0
    for registration in active.order_by("pk"):
        _cancel_locked(registration, reason, now, actor)
        notify(registration, kind)
        cancelled += 1
    # Nothing left to tell about a date that no longer takes place.
    DateChange.objects.filter(occurrence_id=occurrence.pk, sent_at__isnull=True).update(sent_at=now)
    audit("occurrence.cancelled", actor=actor, occurrence=occurrence, cancelled_registrations=cancelled)
    if occurrence.end > now:
        occurrence_id = occurrence.pk
        transaction.on_commit(lambda: _send_cancelled(occurrence_id))
    return cancelled


def _send_cancelled(occurrence_id):
    occurrence = Occurrence.objects.select_related("event").filter(pk=occurrence_id).first()
    if occurrence is not None:
        date_cancelled.send(sender=Occurrence, occurrence=occurrence)


# -- moved dates, new times, venues and links ------------------------------------------------


def record_change(occurrence, before, now=None):
    """Note that a locked date changed from `before` (a snapshot); the people on it are told once the
    change has settled. Returns the waiting DateChange, or None when there is nobody to tell."""
    assert transaction.get_connection().in_atomic_block, "call with the occurrence locked"
    now = now or timezone.now()
    if datetime.datetime.fromisoformat(before["end"]) <= now:
        return None  # the date is over: a correction of the records, news to nobody
    if occurrence.status != "scheduled" or not people_on(occurrence).exists():
        return None
    due = now + datetime.timedelta(seconds=settings.CONVENE_DATE_CHANGE_DELAY_SECONDS)
    change = DateChange.objects.select_for_update().filter(occurrence_id=occurrence.pk, sent_at__isnull=True).first()
    if change is None:
        change = DateChange.objects.create(occurrence_id=occurrence.pk, before=before, due_at=due)
    else:
        # Another save while the change waits: one email, with the details as they were before the first.
        change.due_at = due
        change.save(update_fields=["due_at"])
    audit("occurrence.changed", occurrence=occurrence, before=before, after=snapshot(occurrence))
    _queue_delivery(change)
    return change


def _queue_delivery(change):
    from ..tasks import deliver_date_change

    change_id, due = change.pk, change.due_at

    def enqueue():
        if deliver_date_change.get_backend().supports_defer:
            deliver_date_change.using(run_after=due).enqueue(change_id)
        else:
            # Backends that run at once (tests, development) try now; the periodic command
            # (send_date_changes) delivers what was not due yet.
            deliver_date_change.enqueue(change_id)

    transaction.on_commit(enqueue)


def deliver_date_change(change_id, now=None):
    """Send a change that fell due: one email to each person still on the date. Claimed under a row
    lock, so a second task or the periodic command sends nothing more. Returns how many were told."""
    now = now or timezone.now()
    with transaction.atomic():
        change = (
            DateChange.objects.select_for_update(of=("self",))
            .filter(pk=change_id, sent_at__isnull=True, due_at__lte=now)
            .select_related("occurrence__event__venue")
            .first()
        )
        if change is None:
            return 0  # sent already, or a later save moved it on
        change.sent_at = now
        occurrence = change.occurrence
        recipients = []
        if not occurrence.is_cancelled and occurrence.end > now and differs(change.before, snapshot(occurrence)):
            recipients = list(people_on(occurrence).order_by("pk").values_list("pk", flat=True))
        change.recipients = len(recipients)
        change.save(update_fields=["sent_at", "recipients"])
        if recipients:
            _queue_change_emails(change.pk, recipients)
            transaction.on_commit(lambda: date_changed.send(sender=Occurrence, occurrence=occurrence, change=change))
    return len(recipients)


def _queue_change_emails(change_id, registration_ids):
    from ..tasks import send_date_change_email

    def enqueue():
        for registration_id in registration_ids:
            send_date_change_email.enqueue(change_id, registration_id)

    transaction.on_commit(enqueue)


def send_due_date_changes(now=None):
    """Periodic: deliver every change that fell due (what a deferred task did not). Safe to run twice."""
    now = now or timezone.now()
    due = DateChange.objects.filter(sent_at__isnull=True, due_at__lte=now).values_list("pk", flat=True)
    return sum(deliver_date_change(pk, now=now) for pk in list(due))


# -- the one-click way out when the new time does not suit -------------------------------------


def cancel_link_token(registration, change):
    return signing.dumps({"r": registration.pk, "c": change.pk}, salt=CANCEL_LINK_SALT)


def registration_for_token(token):
    """(registration, change) the link was made for, or (None, None) for a link that is not ours."""
    try:
        data = signing.loads(token, salt=CANCEL_LINK_SALT)
        registration_id, change_id = int(data["r"]), int(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None
    change = DateChange.objects.filter(pk=change_id).first()
    registration = (
        Registration.objects.select_related("occurrence__event", "ticket_type", "user")
        .filter(pk=registration_id)
        .first()
    )
    if change is None or registration is None or change.occurrence_id != registration.occurrence_id:
        return None, None
    return registration, change


def cancel_after_change(registration, change, now=None):
    """The person cancels because the date changed: allowed until the date starts, whatever the usual
    cancellation deadline; a paid ticket is refunded and the seat goes to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = lock_occurrence(registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This registration is already cancelled."))
        if occurrence.start <= now:
            raise RegistrationError(_("This date has already started."))
        _cancel_locked(registration, CancelReason.DATE_CHANGED, now, registration.user)
        audit("registration.cancelled_after_change", registration=registration, change=change.pk)
        notify(registration, "cancelled")
        refresh_occurrence(occurrence, now)
    return registration
