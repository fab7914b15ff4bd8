"""Counting and locking seats. The Occurrence row is the lock that carries a date's seat limit.

A seat is taken by a confirmed registration, or by a pending payment whose hold has not expired
(a hold without expiry, e.g. a bank payment being processed, keeps its seat). Expired holds stop
counting the moment they expire, whether or not a job has cleaned them up yet.
"""

from django.db.models import Q

from ..models import Occurrence, Registration
from ..models.registrations import RegistrationStatus


def seat_holding(now):
    return Q(status=RegistrationStatus.CONFIRMED) | Q(
        Q(hold_expires_at__isnull=True) | Q(hold_expires_at__gt=now), status=RegistrationStatus.PENDING_PAYMENT
    )


def lock_occurrence(occurrence_id):
    """Lock one date's row for the rest of the transaction (SQLite: BEGIN IMMEDIATE already serialises)."""
    return Occurrence.objects.select_for_update().select_related(None).get(pk=occurrence_id)


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
