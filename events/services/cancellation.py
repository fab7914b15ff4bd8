"""Cancelling one registration (participant or organizer), or a whole event; paid tickets are refunded."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..models import EventPage, Occurrence, Payment, Registration
from ..models.registrations import CancelReason, PaymentStatus, RegistrationStatus
from ..permissions import can_manage_event
from .audit import audit
from .notifications import notify, queue_refund, queue_session_expiry
from .seats import lock_occurrence
from .waitlist import refresh_occurrence


def cancellation_deadline(registration):
    occurrence = registration.occurrence
    return occurrence.start - datetime.timedelta(hours=occurrence.event.cancellation_deadline_hours)


def can_cancel(registration, now=None):
    """May the participant cancel it themselves? (Leaving the waitlist is always possible.)"""
    now = now or timezone.now()
    if registration.status == RegistrationStatus.CANCELLED:
        return False
    if registration.status == RegistrationStatus.WAITLISTED:
        return registration.occurrence.end > now
    return now < cancellation_deadline(registration)


def _cancel_locked(registration, reason, now, actor, *, refund=True, **audit_data):
    """Cancel a registration whose date is locked; refund its paid payments after commit (unless
    `refund` is False: a cancellation the event's policy does not refund keeps the payment as paid)."""
    registration.status = RegistrationStatus.CANCELLED
    registration.cancel_reason = reason
    registration.cancelled_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "cancel_reason", "cancelled_at", "hold_expires_at", "updated_at"])
    audit("registration.cancelled", actor=actor, registration=registration, reason=reason, **audit_data)
    refunding = False
    for payment in Payment.objects.select_for_update().filter(registration=registration).order_by("pk"):
        if payment.status == PaymentStatus.PAID and not refund:
            audit("payment.kept_per_policy", actor=actor, registration=registration, payment=payment, **audit_data)
        elif payment.status == PaymentStatus.PAID:
            payment.status = PaymentStatus.REFUND_PENDING
            payment.save(update_fields=["status", "updated_at"])
            audit("payment.refund_requested", actor=actor, registration=registration, payment=payment)
            queue_refund(payment)
            refunding = True
        elif payment.status in (PaymentStatus.CREATED, PaymentStatus.OPEN):
            payment.status = PaymentStatus.EXPIRED
            payment.save(update_fields=["status", "updated_at"])
            audit("payment.abandoned", actor=actor, registration=registration, payment=payment)
            queue_session_expiry(payment)
    return refunding


def cancel_registration(registration, *, actor, by_organizer=False, now=None):
    """Cancel one registration. Participants may do so until the event's cancellation deadline;
    organizers (of the event's group) and site staff at any time. The freed seat goes to the waitlist."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("occurrence__event").get(pk=registration.pk)
    if by_organizer:
        if not can_manage_event(actor, registration.occurrence.event):
            raise RegistrationError(_("Only the event's organizers can cancel other people's registrations."))
    elif registration.user_id != actor.pk:
        raise RegistrationError(_("This is not your registration."))
    elif registration.status != RegistrationStatus.CANCELLED and not can_cancel(registration, now):
        raise RegistrationError(_("The cancellation deadline for this date has passed."))

    with transaction.atomic():
        occurrence = lock_occurrence(registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This registration is already cancelled."))
        reason = CancelReason.BY_ORGANIZER if by_organizer else CancelReason.BY_PARTICIPANT
        _cancel_locked(registration, reason, now, actor)
        notify(registration, "cancelled")
        refresh_occurrence(occurrence, now, actor=actor)
    return registration


def cancel_event(event, *, actor, now=None):
    """Cancel a whole event (every date): everyone registered is told, paid tickets are refunded."""
    now = now or timezone.now()
    if not can_manage_event(actor, event):
        raise RegistrationError(_("Only the event's organizers can cancel it."))
    event = EventPage.objects.get(pk=event.pk)
    if event.is_cancelled:
        raise RegistrationError(_("This event is already cancelled."))
    with transaction.atomic():
        cancelled = cancel_everyone_on(event, actor=actor, now=now)
        audit("event.cancelled", actor=actor, cancelled_registrations=cancelled, event=event.pk)
        event.status = "cancelled"
        # can_manage_event above is the permission check: group organizers may cancel their events
        # without holding Wagtail's publish permission on the page.
        revision = event.save_revision(user=actor)
        revision.publish(user=actor, skip_permission_checks=True)
    return cancelled


def cancel_for_closed_account(user, *, actor, now=None):
    """The person closes their account: every registration for a date not yet over is cancelled as if
    they had cancelled it themselves, but whatever the deadline (an account can always be closed).
    Paid tickets are refunded when the event's cancellation policy would refund them (before its
    deadline) and kept otherwise; freed seats go to the waitlist. Nobody is emailed: the address is
    about to be erased. Returns {"cancelled": n, "refunded": n, "kept_paid": n}."""
    now = now or timezone.now()
    totals = {"cancelled": 0, "refunded": 0, "kept_paid": 0}
    occurrence_ids = sorted(
        set(
            Registration.objects.filter(user=user, occurrence__end__gt=now)
            .exclude(status=RegistrationStatus.CANCELLED)
            .values_list("occurrence_id", flat=True)
        )
    )
    with transaction.atomic():
        # Fixed lock order: dates by primary key, then each date's registrations.
        for occurrence_id in occurrence_ids:
            occurrence = lock_occurrence(occurrence_id)
            active = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("occurrence__event")
                .filter(user=user, occurrence_id=occurrence_id)
                .exclude(status=RegistrationStatus.CANCELLED)
            )
            for registration in active:
                refund = registration.status == RegistrationStatus.WAITLISTED or now < cancellation_deadline(
                    registration
                )
                paid = Payment.objects.filter(registration=registration, status=PaymentStatus.PAID).exists()
                _cancel_locked(
                    registration, CancelReason.BY_PARTICIPANT, now, actor, refund=refund, account_closed=True
                )
                totals["cancelled"] += 1
                if paid:
                    totals["refunded" if refund else "kept_paid"] += 1
            refresh_occurrence(occurrence, now, actor=actor)
    return totals


def cancel_everyone_on(event, *, actor=None, now=None):
    """Inside a transaction: cancel every active registration of every date of a cancelled event,
    tell each person, refund paid tickets. Also used when an organizer sets the status in the editor."""
    from .changes import date_cancelled

    now = now or timezone.now()
    cancelled = 0
    told = []
    # Fixed lock order: every date of the event by primary key, then their registrations.
    for occurrence in Occurrence.objects.select_for_update().filter(event=event).order_by("pk"):
        active = (
            Registration.objects.select_for_update()
            .filter(occurrence=occurrence)
            .exclude(status=RegistrationStatus.CANCELLED)
            .order_by("pk")
        )
        for registration in active:
            _cancel_locked(registration, CancelReason.EVENT_CANCELLED, now, actor)
            notify(registration, "event_cancelled")
            cancelled += 1
        if occurrence.end > now and occurrence.status != "cancelled":
            told.append(occurrence.pk)

    def tell_others():
        for occurrence in Occurrence.objects.filter(pk__in=told).select_related("event").order_by("start"):
            date_cancelled.send(sender=Occurrence, occurrence=occurrence)

    if told:
        transaction.on_commit(tell_others)
    return cancelled
