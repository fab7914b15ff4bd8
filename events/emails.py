"""Participant emails (HTML + text), rendered from templates/events/emails/, sent by the task worker."""

import datetime

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import language_headers, written_for
from guards.mail import email_subject

from .bilingual import localized_text
from .feeds.render import occurrence_uid
from .formatting import local_when

SUBJECTS = {
    "confirmed": _("You're registered: %(event)s"),
    "waitlisted": _("You're on the waitlist: %(event)s"),
    "promoted": _("A seat opened up: %(event)s"),
    "offer_expiring": _("Your seat offer expires soon: %(event)s"),
    "hold_expired": _("Your reserved seat was released: %(event)s"),
    "cancelled": _("Registration cancelled: %(event)s"),
    "event_cancelled": _("Event cancelled: %(event)s"),
    "date_cancelled": _("Date cancelled: %(event)s"),
    "payment_failed": _("Your payment did not go through: %(event)s"),
    "late_payment": _("Your payment arrived after the seat was gone: %(event)s"),
    "refunded": _("Refund issued: %(event)s"),
    "reminder": _("Tomorrow: %(event)s"),
}


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def occurrence_url(occurrence):
    url = occurrence.event.get_url() or "/"
    if occurrence.event.is_series:
        url += f"?date={occurrence.original_date:%Y-%m-%d}"
    return url if url.startswith("http") else absolute(url)


def occurrence_ics(occurrence):
    """A one-date calendar for an attachment. The UID is the date's own, the one the person's private
    feed uses for it, and SEQUENCE is the event's, so a calendar that has the date from that feed or an
    earlier email updates it in place."""
    event = occurrence.event
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Convene//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    vevent = icalendar.Event()
    vevent.add("uid", occurrence_uid(occurrence.pk))
    vevent.add("dtstamp", event.calendar_modified_at.astimezone(datetime.UTC))
    vevent.add("last-modified", event.calendar_modified_at.astimezone(datetime.UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", occurrence.start.astimezone(event.tz))
    vevent.add("dtend", occurrence.end.astimezone(event.tz))
    cancelled = occurrence.is_cancelled
    vevent.add("summary", f"Cancelled: {event.title}" if cancelled else event.title)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("description", event.summary)
    vevent.add("url", occurrence_url(occurrence))
    if event.venue_id:
        vevent.add("location", event.venue.full_address)
    elif event.online_url:
        vevent.add("location", event.online_url)
    cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def send_registration_email(registration, kind):
    occurrence = registration.occurrence
    event = occurrence.event
    user = registration.user
    if not user.is_active:
        return  # a closed (erased) account: its address is gone, and so is the person's wish to hear
    with written_for(user) as language:
        context = {
            "registration": registration,
            "occurrence": occurrence,
            "event": event,
            "user": user,
            "kind": kind,
            "event_url": occurrence_url(occurrence),
            "me_url": absolute(reverse("events:me")),
            "pay_url": absolute(reverse("events:me")),
            "site_name": settings.SITE_NAME,
            "local_hold_expires": local_when(registration.hold_expires_at, event),
        }
        subject = email_subject(SUBJECTS[kind], event=localized_text(event, "title"))
        text = render_to_string(f"events/emails/{kind}.txt", context)
        html = render_to_string("events/emails/message.html", {**context, "body_text": text})
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=language_headers(language))
    message.attach_alternative(html, "text/html")
    if kind in ("confirmed", "reminder", "date_cancelled", "event_cancelled") or (
        kind == "promoted" and registration.status == "confirmed"
    ):
        message.attach("event.ics", occurrence_ics(occurrence), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def send_attendee_message(attendee_email, user):
    if not user.is_active:
        return
    occurrence = attendee_email.occurrence
    # The organizer's words stay as written; what frames them is in the recipient's language.
    with written_for(user):
        context = {
            "occurrence": occurrence,
            "event": occurrence.event,
            "user": user,
            "message": attendee_email,
            "event_url": occurrence_url(occurrence),
            "site_name": settings.SITE_NAME,
            "now": timezone.now(),
        }
        text = render_to_string("events/emails/attendee_message.txt", context)
        html = render_to_string("events/emails/message.html", {**context, "body_text": text})
    message = EmailMultiAlternatives(
        email_subject(attendee_email.subject),
        text,
        to=[user.email],
        reply_to=[attendee_email.reply_to] if attendee_email.reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()


class _Was:
    """The date as it was, for the `event_when` tag: a start, an end and the event's zone."""

    def __init__(self, before, event):
        self.start = datetime.datetime.fromisoformat(before["start"])
        self.end = datetime.datetime.fromisoformat(before["end"])
        self.event = event


def send_date_change_email(change, registration):
    """One email per person per change: what it was, what it is now, the updated date as .ics, and a
    one-click way to cancel if the new details do not suit."""
    from .services.changes import cancel_link_token, place_of

    occurrence = registration.occurrence
    event = occurrence.event
    user = registration.user
    before, now_place = change.before, place_of(event)
    was = _Was(before, event)
    with written_for(user) as language:
        cancel_url = absolute(reverse("events:cancel_after_change", args=[cancel_link_token(registration, change)]))
        context = {
            "registration": registration,
            "occurrence": occurrence,
            "event": event,
            "user": user,
            "was": was,
            "before": before,
            "place": now_place,
            "time_changed": (was.start, was.end) != (occurrence.start, occurrence.end),
            "event_url": occurrence_url(occurrence),
            "me_url": absolute(reverse("events:me")),
            "cancel_url": cancel_url,
            "site_name": settings.SITE_NAME,
        }
        subject = email_subject(_("Date changed: %(event)s"), event=localized_text(event, "title"))
        text = render_to_string("events/emails/date_changed.txt", context)
        html = render_to_string("events/emails/message.html", {**context, "body_text": text})
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=language_headers(language))
    message.attach_alternative(html, "text/html")
    message.attach("event.ics", occurrence_ics(occurrence), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()
