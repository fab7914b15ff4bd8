"""Organizers write to a segment of a date's registrants, now or at a set time; reminders go out
24 hours before a date.

A message's recipients are listed once, when sending starts (so "no-shows" means the no-shows at that
moment), one row per person; each row is claimed pending -> sending by a conditional UPDATE before its
email goes out, so a person gets a message at most once whichever workers, retries or periodic runs
deliver it."""

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..models import AttendeeEmail, AttendeeEmailRecipient, Registration
from ..models.registrations import MessageSegment, RecipientStatus, RegistrationStatus
from ..permissions import can_manage_event
from .audit import audit
from .notifications import notify

log = logging.getLogger(__name__)

REMINDER_AHEAD = datetime.timedelta(hours=24)
LONGEST_DELAY = datetime.timedelta(days=366)


def segment_registrations(occurrence, segment):
    """The registrations of a date that a segment names."""
    regs = Registration.objects.filter(occurrence=occurrence)
    if segment == MessageSegment.CONFIRMED:
        return regs.filter(status=RegistrationStatus.CONFIRMED)
    if segment == MessageSegment.WAITLISTED:
        return regs.filter(status=RegistrationStatus.WAITLISTED)
    if segment == MessageSegment.CHECKED_IN:
        return regs.filter(checked_in_at__isnull=False).exclude(status=RegistrationStatus.CANCELLED)
    if segment == MessageSegment.NO_SHOW:
        return regs.filter(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True)
    if segment == MessageSegment.EVERYONE:
        return regs.exclude(status=RegistrationStatus.CANCELLED)
    raise RegistrationError(_("Choose who the message goes to."))


def reply_to_options(actor, event):
    """Addresses a message may ask replies to go to: the sending organizer's, or the group's contact."""
    options = [actor.email] if actor.email else []
    group = event.group
    if group is not None and group.contact_email and group.contact_email not in options:
        options.append(group.contact_email)
    return options


def check_message(occurrence, *, segment, subject, body, actor, reply_to="", send_at=None, now=None):
    """Validate a message before preview or sending; returns the cleaned (subject, body, reply_to)."""
    now = now or timezone.now()
    if not can_manage_event(actor, occurrence.event):
        raise RegistrationError(_("Only the event's organizers can email its attendees."))
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise RegistrationError(_("Write a subject and a message."))
    segment_registrations(occurrence, segment)  # refuses an unknown segment
    options = reply_to_options(actor, occurrence.event)
    reply_to = (reply_to or "").strip() or (options[0] if options else "")
    if reply_to and reply_to not in options:
        raise RegistrationError(_("Replies can go to you or to the group's contact address."))
    if send_at is not None:
        if send_at <= now:
            raise RegistrationError(_("Choose a time in the future, or send it now."))
        if send_at > now + LONGEST_DELAY:
            raise RegistrationError(_("A message can be scheduled at most a year ahead."))
    if segment == MessageSegment.NO_SHOW and (send_at or now) < occurrence.start:
        raise RegistrationError(_("No-shows are known once the date has started; schedule it for later."))
    return subject[:200], body, reply_to


def email_attendees(occurrence, *, subject, body, actor, segment=MessageSegment.CONFIRMED, reply_to="", send_at=None):
    """Queue a message to a segment of the date's registrants, now or at `send_at`."""
    now = timezone.now()
    subject, body, reply_to = check_message(
        occurrence,
        segment=segment,
        subject=subject,
        body=body,
        actor=actor,
        reply_to=reply_to,
        send_at=send_at,
        now=now,
    )
    with transaction.atomic():
        message = AttendeeEmail.objects.create(
            occurrence=occurrence,
            sender=actor,
            segment=segment,
            subject=subject,
            body=body,
            reply_to=reply_to,
            send_at=send_at,
            total=segment_registrations(occurrence, segment).count(),
        )
        audit(
            "occurrence.message_scheduled" if send_at else "occurrence.attendees_emailed",
            actor=actor,
            occurrence=occurrence,
            message=message.pk,
            segment=segment,
            total=message.total,
        )
        _enqueue(message.pk, send_at)
    return message


def _enqueue(message_id, send_at):
    from ..tasks import send_attendee_email

    def go():
        if send_at is not None:
            # A backend that cannot defer leaves the message to the send_scheduled_messages command.
            if send_attendee_email.get_backend().supports_defer:
                send_attendee_email.using(run_after=send_at).enqueue(message_id)
        else:
            send_attendee_email.enqueue(message_id)

    transaction.on_commit(go)


def cancel_scheduled_message(message, *, actor):
    if not can_manage_event(actor, message.occurrence.event):
        raise RegistrationError(_("Only the event's organizers can change its messages."))
    with transaction.atomic():
        if not AttendeeEmail.objects.filter(pk=message.pk, listed_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        ):
            raise RegistrationError(_("This message is already being sent."))
        audit("occurrence.message_cancelled", actor=actor, occurrence=message.occurrence, message=message.pk)


def _list_recipients(message_id, now):
    """Under the message's row lock, list its recipients once; returns the message, or None when
    there is nothing to send (cancelled, finished, or not due yet)."""
    with transaction.atomic():
        message = AttendeeEmail.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.cancelled_at or message.finished_at:
            return None
        if message.send_at and message.send_at > now:
            return None
        if message.listed_at is None:
            user_ids = segment_registrations(message.occurrence, message.segment).values_list("user_id", flat=True)
            AttendeeEmailRecipient.objects.bulk_create(
                [AttendeeEmailRecipient(message=message, user_id=pk) for pk in sorted(set(user_ids))],
                ignore_conflicts=True,
            )
            message.listed_at = now
            message.total = message.recipients.count()
            message.save(update_fields=["listed_at", "total"])
        return message


def deliver_message(message_id, now=None):
    """Send a message to each of its recipients who has not had it; returns how many this call sent."""
    from ..emails import send_attendee_message

    now = now or timezone.now()
    message = _list_recipients(message_id, now)
    if message is None:
        return 0
    message = AttendeeEmail.objects.select_related("occurrence__event", "sender").get(pk=message.pk)
    sent = 0
    pending = message.recipients.filter(status=RecipientStatus.PENDING).values_list("pk", flat=True)
    for recipient_id in list(pending):
        claimed = AttendeeEmailRecipient.objects.filter(pk=recipient_id, status=RecipientStatus.PENDING).update(
            status=RecipientStatus.SENDING
        )
        if not claimed:
            continue  # another worker has this one
        recipient = AttendeeEmailRecipient.objects.select_related("user").get(pk=recipient_id)
        try:
            send_attendee_message(message, recipient.user)
        except Exception as exc:  # any mail failure (SMTP, bad address) is recorded, and the rest go on
            log.warning("message %s to user %s failed: %s", message.pk, recipient.user_id, type(exc).__name__)
            AttendeeEmailRecipient.objects.filter(pk=recipient_id).update(
                status=RecipientStatus.FAILED, error=str(exc)[:200]
            )
            AttendeeEmail.objects.filter(pk=message.pk).update(failed=F("failed") + 1)
        else:
            AttendeeEmailRecipient.objects.filter(pk=recipient_id).update(
                status=RecipientStatus.SENT, sent_at=timezone.now()
            )
            AttendeeEmail.objects.filter(pk=message.pk).update(sent=F("sent") + 1)
            sent += 1
    unfinished = message.recipients.filter(status__in=[RecipientStatus.PENDING, RecipientStatus.SENDING])
    if not unfinished.exists():
        AttendeeEmail.objects.filter(pk=message.pk, finished_at__isnull=True).update(finished_at=timezone.now())
    return sent


def send_due_messages(now=None):
    """Periodic safety net: deliver every scheduled message that is due (safe to run twice, or beside
    the worker: recipients are claimed one by one)."""
    now = now or timezone.now()
    due = AttendeeEmail.objects.filter(
        send_at__lte=now, finished_at__isnull=True, cancelled_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(deliver_message(pk, now) for pk in list(due))


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
