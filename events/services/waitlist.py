"""The waitlist: first in, first served, automatically, whenever a seat frees up.

Both functions run inside the caller's transaction, with the date's Occurrence row already locked.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Payment, Registration
from ..models.registrations import CancelReason, PaymentStatus, RegistrationStatus
from .audit import audit
from .notifications import notify, queue_session_expiry
from .seats import lock_occurrence, seats_taken


def offer_expiry(now):
    return now + datetime.timedelta(hours=settings.CONVENE_WAITLIST_OFFER_HOURS)


def release_expired_holds(occurrence, now, actor=None):
    """Cancel the pending payments of this date whose hold ran out (they already stopped counting)."""
    assert transaction.get_connection().in_atomic_block, "call with the occurrence locked"
    expired = list(
        Registration.objects.select_for_update()
        .filter(occurrence_id=occurrence.pk, status=RegistrationStatus.PENDING_PAYMENT, hold_expires_at__lte=now)
        .order_by("pk")
    )
    for registration in expired:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancel_reason = CancelReason.HOLD_EXPIRED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        for payment in Payment.objects.select_for_update().filter(
            registration=registration, status__in=[PaymentStatus.CREATED, PaymentStatus.OPEN]
        ):
            payment.status = PaymentStatus.EXPIRED
            payment.save(update_fields=["status", "updated_at"])
            audit("payment.abandoned", actor=actor, registration=registration, payment=payment)
            queue_session_expiry(payment)
        audit("registration.hold_expired", actor=actor, registration=registration)
        notify(registration, "hold_expired")
    return expired


def promote_waitlist(occurrence, now, actor=None):
    """Give free seats to the people waiting, in order: free tickets are confirmed at once, paid ones
    get an offer (a hold with a time limit to pay). Someone whose ticket type is sold out keeps their
    place and is passed over for the next person whose ticket still has room."""
    assert transaction.get_connection().in_atomic_block, "call with the occurrence locked"
    limit = occurrence.seat_limit
    free = None if limit is None else limit - seats_taken(occurrence, now)
    if free is not None and free <= 0:
        return []
    waiting = (
        Registration.objects.select_for_update(of=("self",))
        .filter(occurrence_id=occurrence.pk, status=RegistrationStatus.WAITLISTED)
        .select_related("ticket_type")
        .order_by("waitlisted_at", "pk")
    )
    promoted, per_ticket = [], {}
    for registration in waiting:
        if free is not None and free <= 0:
            break
        ticket = registration.ticket_type
        if ticket is not None and ticket.quantity is not None:
            if ticket.pk not in per_ticket:
                per_ticket[ticket.pk] = seats_taken(occurrence, now, ticket_type=ticket)
            if per_ticket[ticket.pk] >= ticket.quantity:
                continue
            per_ticket[ticket.pk] += 1
        if ticket is None or ticket.is_free:
            registration.status = RegistrationStatus.CONFIRMED
            registration.hold_expires_at = None
        else:
            registration.status = RegistrationStatus.PENDING_PAYMENT
            registration.hold_expires_at = offer_expiry(now)
        registration.save(update_fields=["status", "hold_expires_at", "updated_at"])
        audit("registration.promoted", actor=actor, registration=registration, status=registration.status)
        notify(registration, "promoted")
        promoted.append(registration)
        if free is not None:
            free -= 1
    return promoted


def refresh_occurrence(occurrence, now, actor=None):
    """Release expired holds, then fill freed seats from the waitlist (occurrence locked)."""
    released = release_expired_holds(occurrence, now, actor)
    promoted = promote_waitlist(occurrence, now, actor)
    return released, promoted


def expire_holds(now=None):
    """Periodic: clean up expired holds on every date that has some, and promote. Safe to run twice."""
    now = now or timezone.now()
    occurrence_ids = sorted(
        set(
            Registration.objects.filter(
                status=RegistrationStatus.PENDING_PAYMENT, hold_expires_at__lte=now
            ).values_list("occurrence_id", flat=True)
        )
    )
    released = promoted = 0
    for occurrence_id in occurrence_ids:
        with transaction.atomic():
            occurrence = lock_occurrence(occurrence_id)
            gone, moved_up = refresh_occurrence(occurrence, now)
            released += len(gone)
            promoted += len(moved_up)
    return released, promoted


def warn_expiring_offers(now=None):
    """Periodic: tell people whose paid offer (or hold) runs out soon. Each warning is sent once."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(minutes=settings.CONVENE_OFFER_WARNING_MINUTES)
    candidates = Registration.objects.filter(
        status=RegistrationStatus.PENDING_PAYMENT,
        hold_expires_at__gt=now,
        hold_expires_at__lte=soon,
        offer_warning_sent_at__isnull=True,
        waitlisted_at__isnull=False,  # an offer to someone promoted from the waitlist
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            # The conditional UPDATE is the claim: a second run (or a parallel one) updates nothing.
            if Registration.objects.filter(pk=pk, offer_warning_sent_at__isnull=True).update(offer_warning_sent_at=now):
                registration = Registration.objects.get(pk=pk)
                audit("registration.offer_warning_sent", registration=registration)
                notify(registration, "offer_expiring")
                sent += 1
    return sent
