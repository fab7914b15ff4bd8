"""Counting and locking seats. The Occurrence row is the lock that carries a date's seat limit.

A seat is taken by a confirmed registration, or by a pending payment whose hold has not expired
(a hold without expiry, e.g. a bank payment being processed, keeps its seat). Expired holds stop
counting the moment they expire, whether or not a job has cleaned them up yet.
"""

import logging
import time
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Q

from ..models import Occurrence, Registration
from ..models.registrations import RegistrationStatus

lock_log = logging.getLogger("events.locks")


def seat_holding(now):
    return Q(status=RegistrationStatus.CONFIRMED) | Q(
        Q(hold_expires_at__isnull=True) | Q(hold_expires_at__gt=now), status=RegistrationStatus.PENDING_PAYMENT
    )


def lock_occurrence(occurrence_id):
    """Lock one date's row for the rest of the transaction (SQLite: BEGIN IMMEDIATE already serialises)."""
    return Occurrence.objects.select_for_update().select_related(None).get(pk=occurrence_id)


@contextmanager
def date_locked(occurrence_id):
    """`with date_locked(pk) as occurrence:` one transaction holding the date's row lock.

    How long the lock was held (from acquiring it to the end of the commit) is logged at DEBUG on
    `events.locks`: the registration burst benchmark reads it, and it tells an operator what a busy date costs.
    """
    acquired = None
    try:
        with transaction.atomic():
            occurrence = lock_occurrence(occurrence_id)
            acquired = time.perf_counter()
            yield occurrence
    finally:
        if acquired is not None and lock_log.isEnabledFor(logging.DEBUG):
            lock_log.debug("date %s lock held %.2f ms", occurrence_id, (time.perf_counter() - acquired) * 1000)


def seat_figures(occurrence, now, ticket_type=None):
    """Everything the seat decision needs, in one query: seats taken (on the date and, when it has a
    quantity, of `ticket_type`), and holds that ran out but were not released yet."""
    holding = seat_holding(now)
    figures = {
        "taken": Count("pk", filter=holding),
        "expired_holds": Count("pk", filter=Q(status=RegistrationStatus.PENDING_PAYMENT, hold_expires_at__lte=now)),
    }
    if ticket_type is not None and ticket_type.quantity is not None:
        figures["taken_of_type"] = Count("pk", filter=holding & Q(ticket_type_id=ticket_type.pk))
    return Registration.objects.filter(occurrence_id=occurrence.pk).aggregate(**figures)


def room_in(occurrence, ticket_type, figures):
    limit = occurrence.seat_limit
    if limit is not None and figures["taken"] >= limit:
        return False
    if "taken_of_type" in figures:
        return figures["taken_of_type"] < ticket_type.quantity
    return True


def seats_taken(occurrence, now, ticket_type=None, exclude=None):
    qs = Registration.objects.filter(seat_holding(now), occurrence_id=occurrence.pk)
    if ticket_type is not None:
        qs = qs.filter(ticket_type=ticket_type)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def seats_left(occurrence, now):
    """Seats still free on a date (None: no limit)."""
    limit = occurrence.seat_limit
    if limit is None:
        return None
    return max(limit - seats_taken(occurrence, now), 0)


def has_room(occurrence, ticket_type, now, exclude=None):
    limit = occurrence.seat_limit
    if limit is not None and seats_taken(occurrence, now, exclude=exclude) >= limit:
        return False
    if ticket_type is not None and ticket_type.quantity is not None:
        return seats_taken(occurrence, now, ticket_type=ticket_type, exclude=exclude) < ticket_type.quantity
    return True


def counts(occurrence, now):
    """Numbers for the organizer and the registration panel."""
    regs = Registration.objects.filter(occurrence_id=occurrence.pk)
    confirmed = regs.filter(status=RegistrationStatus.CONFIRMED).count()
    pending = regs.filter(seat_holding(now), status=RegistrationStatus.PENDING_PAYMENT).count()
    limit = occurrence.seat_limit
    return {
        "confirmed": confirmed,
        "pending_payment": pending,
        "waitlisted": regs.filter(status=RegistrationStatus.WAITLISTED).count(),
        "checked_in": regs.filter(checked_in_at__isnull=False).exclude(status=RegistrationStatus.CANCELLED).count(),
        "cancelled": regs.filter(status=RegistrationStatus.CANCELLED).count(),
        "capacity": limit,
        "seats_left": None if limit is None else max(limit - confirmed - pending, 0),
    }
