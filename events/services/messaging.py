"""Organizers email every confirmed attendee of a date; reminders go out 24 hours before."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..models import AttendeeEmail, Registration
from ..models.registrations import RegistrationStatus
from ..permissions import can_manage_event
from .audit import audit
from .notifications import notify

REMINDER_AHEAD = datetime.timedelta(hours=24)


def email_attendees(occurrence, *, subject, body, actor):
    """Queue a message to the confirmed attendees; the worker sends it and counts progress."""
    if not can_manage_event(actor, occurrence.event):
        raise RegistrationError(_("Only the event's organizers can email its attendees."))
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise RegistrationError(_("Write a subject and a message."))
    with transaction.atomic():
        total = Registration.objects.filter(occurrence=occurrence, status=RegistrationStatus.CONFIRMED).count()
        message = AttendeeEmail.objects.create(
            occurrence=occurrence, sender=actor, subject=subject[:200], body=body, total=total
        )
        audit("occurrence.attendees_emailed", actor=actor, occurrence=occurrence, message=message.pk, total=total)
        from ..tasks import send_attendee_email

        transaction.on_commit(lambda: send_attendee_email.enqueue(message.pk))
    return message


def send_reminders(now=None):
    """Periodic: remind confirmed attendees of dates starting within 24 hours. Each reminder is sent
    once, however often (or in parallel) this runs: the conditional UPDATE claims it."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        occurrence__start__gt=now,
        occurrence__start__lte=now + REMINDER_AHEAD,
        occurrence__status="scheduled",
        occurrence__event__status="scheduled",
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                registration = Registration.objects.get(pk=pk)
                audit("registration.reminder_sent", registration=registration)
                notify(registration, "reminder")
                sent += 1
    return sent
