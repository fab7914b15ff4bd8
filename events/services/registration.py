"""Registering for one date: free RSVP, paid ticket (seat held while paying), or the waitlist."""

import datetime
import functools

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

from ..exceptions import RegistrationError
from ..models import Question, Registration, TicketType
from ..models.occurrences import OccurrenceStatus
from ..models.registrations import QuestionKind, RegistrationStatus
from . import seat_statement
from .audit import audit
from .notifications import notify
from .seats import date_locked, room_in, seat_figures
from .waitlist import refresh_occurrence

YES, NO = "yes", "no"


def registration_closed_reason(occurrence, now):
    """Why a date takes no registrations now, or None when it does."""
    event = occurrence.event
    if occurrence.status == OccurrenceStatus.CANCELLED or event.is_cancelled:
        return _("This event is cancelled; it takes no registrations.")
    if not event.live:
        return _("This event is not published.")
    if occurrence.start <= now:
        return _("This date has already started; registration is closed.")
    if event.registration_opens and now < event.registration_opens:
        opens = formats.date_format(event.registration_opens.astimezone(event.tz), "DATETIME_FORMAT")
        return _("Registration opens on %(when)s (%(zone)s time).") % {"when": opens, "zone": event.timezone}
    if event.registration_closes and now >= event.registration_closes:
        return _("Registration for this event is closed.")
    return None


def ticket_closed_reason(ticket_type, now):
    if ticket_type.sales_start and now < ticket_type.sales_start:
        return _("Tickets of this type are not on sale yet.")
    if ticket_type.sales_end and now >= ticket_type.sales_end:
        return _("Tickets of this type are no longer on sale.")
    return None


def clean_answers(event, raw, questions=None):
    """Check the answers against the organizer's questions; returns {question pk: answer}.

    `questions`: the event's questions when the caller has loaded them already (the form has).
    Raises RegistrationError naming the first problem (the form shows per-field errors itself).
    """
    answers = {}
    for question in Question.objects.filter(event=event) if questions is None else questions:
        value = (raw or {}).get(str(question.pk), "")
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            if question.required:
                raise RegistrationError(_("Please answer: %(question)s") % {"question": question.label})
            continue
        if question.kind == QuestionKind.CHOICE and value not in question.option_list():
            raise RegistrationError(_("Choose one of the options for: %(question)s") % {"question": question.label})
        if question.kind == QuestionKind.YES_NO and value not in (YES, NO):
            raise RegistrationError(_("Answer yes or no to: %(question)s") % {"question": question.label})
        answers[str(question.pk)] = value[:2000]
    return answers


@functools.cache
def _facts_sql(vendor):
    # Built once per process (table names are constants; the event's pk and path are parameters). The
    # same checks through the ORM cost ~5 ms of CPU to build and compile, more than the rest of the view.
    quote = connection.ops.quote_name
    tables = {
        "ticket": quote(TicketType._meta.db_table),
        "question": quote(Question._meta.db_table),
        "restriction": quote(PageViewRestriction._meta.db_table),
        "page": quote(Page._meta.db_table),
    }
    # A page is on the way to the event when its path starts the event's (Wagtail's tree paths).
    on_the_way = "p.path = SUBSTR(%s, 1, LENGTH(p.path))"
    return (  # noqa: S608 (names are constants; values are parameters)
        "SELECT EXISTS (SELECT 1 FROM {ticket} WHERE event_id = %s),"
        " EXISTS (SELECT 1 FROM {question} WHERE event_id = %s),"
        " EXISTS (SELECT 1 FROM {restriction} r JOIN {page} p ON p.id = r.page_id WHERE {on_the_way})"
        " OR EXISTS (SELECT 1 FROM {page} p WHERE p.alias_of_id IS NOT NULL AND {on_the_way})"
    ).format(on_the_way=on_the_way, **tables)


def registration_facts(event):
    """What registering for `event` needs to know first, in one query: (sells tickets, asks questions, may
    be restricted). "May be restricted": a view restriction is set on the event's page or an ancestor,
    or one of them is a Wagtail alias (whose restrictions are its source's); when False, no restriction
    applies and `restriction_response` need not ask. Restrictions and aliases are rare: a few rows read."""
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(connection.vendor), [event.pk, event.pk, event.path, event.path])
        tickets, questions, restricted = cursor.fetchone()
    return bool(tickets), bool(questions), bool(restricted)


def active_registration(user, occurrence):
    return (
        Registration.objects.filter(user=user, occurrence=occurrence)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def hold_length():
    return datetime.timedelta(minutes=settings.CONVENE_PAYMENT_HOLD_MINUTES)


def hold_expiry(now):
    return now + hold_length()


def register(
    user,
    occurrence,
    *,
    ticket_type=None,
    answers=None,
    accept_code_of_conduct=False,
    actor=None,
    walk_in=False,
    now=None,
    has_tickets=None,
    questions=None,
):
    """Register `user` for one date. Returns the Registration: confirmed (free), pending_payment
    (paid; the seat is held for CONVENE_PAYMENT_HOLD_MINUTES) or waitlisted (full).

    Asking twice (a double click) returns the registration the first request made.
    A walk-in (added by an organizer at the door) is confirmed at once or refused; it never waits.

    Everything that can be decided without the date's lock is decided first; the lock covers one
    query for the seat figures, the insert of the registration and its audit row, and the commit, so
    that a popular date serves one registration after another as fast as the database commits.

    `has_tickets` (does the event sell tickets?) and `questions` (its questions) may be passed by a
    caller that has read them already (the register view's form), to spare the queries at a busy minute.
    """
    fixed_now = now
    now = now or timezone.now()
    actor = actor or user
    event = occurrence.event
    if not walk_in:
        reason = registration_closed_reason(occurrence, now)
        if reason:
            raise RegistrationError(reason)
    elif occurrence.status == OccurrenceStatus.CANCELLED or event.is_cancelled:
        raise RegistrationError(_("This event is cancelled."))

    if has_tickets is None and ticket_type is None and not walk_in:
        has_tickets = TicketType.objects.filter(event=event).exists()
    if ticket_type is None and not walk_in and has_tickets:
        raise RegistrationError(_("Choose a ticket."))
    if ticket_type is not None:
        if ticket_type.event_id != event.pk:
            raise RegistrationError(_("That ticket is not for this event."))
        if not walk_in:
            reason = ticket_closed_reason(ticket_type, now)
            if reason:
                raise RegistrationError(reason)
    if event.code_of_conduct_url and not accept_code_of_conduct and not walk_in:
        raise RegistrationError(_("Please accept the code of conduct to register."))
    cleaned = clean_answers(event, answers, questions) if not walk_in else {}

    # On PostgreSQL the seat statement's insert meets the one-active-registration constraint, so a
    # second click is answered below (IntegrityError) without a query of its own on every first click.
    if walk_in or not seat_statement.available():
        existing = active_registration(user, occurrence)
        if existing is not None:
            if walk_in:
                raise RegistrationError(_("This person is already registered for this date."))
            return existing
    try:
        return _take_seat_or_wait(
            user, occurrence, event, ticket_type, cleaned, accept_code_of_conduct, actor, walk_in, fixed_now
        )
    except IntegrityError:
        # Another request of the same person won the race (the database allows one active registration
        # per person and date); that registration is the answer to both.
        existing = active_registration(user, occurrence)
        if existing is None or walk_in:
            raise RegistrationError(_("You are already registered for this date.")) from None
        return existing


def _take_seat_or_wait(user, occurrence, event, ticket_type, answers, accept_code_of_conduct, actor, walk_in, now):
    if seat_statement.available() and not walk_in:
        registration = seat_statement.take_seat(
            Registration(user=user, occurrence=occurrence, ticket_type=ticket_type, answers=answers),
            ticket_type=ticket_type,
            paid=ticket_type is not None and not ticket_type.is_free,
            accept_code_of_conduct=accept_code_of_conduct,
            hold=hold_length(),
            now=now,
            actor=actor,
            audit_data={"ticket_type": ticket_type.pk if ticket_type else None},
        )
        if registration is not None:
            _notify_new(registration)
            return registration
    with date_locked(occurrence.pk) as locked:
        locked.event = event  # loaded before the lock: keep the locked section short
        # The seat decision is made now, under the lock: this moment orders the waitlist.
        decided = now or timezone.now()
        figures = seat_figures(locked, decided, ticket_type)
        if figures["expired_holds"]:
            # Seats freed by holds that ran out go to the people already waiting, before any newcomer.
            refresh_occurrence(locked, decided, actor=None)
            figures = seat_figures(locked, decided, ticket_type)
        room = room_in(locked, ticket_type, figures)
        if walk_in and not room:
            raise RegistrationError(_("No seats are left for a walk-in."))
        registration = Registration(
            user=user,
            occurrence=locked,
            ticket_type=ticket_type,
            answers=answers,
            coc_accepted_at=decided if accept_code_of_conduct else None,
            is_walk_in=walk_in,
        )
        if not room:
            registration.status = RegistrationStatus.WAITLISTED
            registration.waitlisted_at = decided
        elif ticket_type is None or ticket_type.is_free or walk_in:
            registration.status = RegistrationStatus.CONFIRMED
        else:
            registration.status = RegistrationStatus.PENDING_PAYMENT
            registration.hold_expires_at = hold_expiry(decided)
        if walk_in:
            registration.checked_in_at = decided
        registration.save()
        audit(
            "registration.walk_in" if walk_in else "registration.created",
            actor=actor,
            registration=registration,
            status=registration.status,
            ticket_type=ticket_type.pk if ticket_type else None,
        )
        if not walk_in:
            _notify_new(registration)
    return registration


def _notify_new(registration):
    # Emails go through the task queue after commit, outside the lock.
    if registration.status == RegistrationStatus.CONFIRMED:
        notify(registration, "confirmed")
    elif registration.status == RegistrationStatus.WAITLISTED:
        notify(registration, "waitlisted")
