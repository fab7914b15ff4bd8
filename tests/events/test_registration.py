"""Registration rules: seats, waitlist order, holds, tickets, questions, cancellation, check-in."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.exceptions import RegistrationError
from events.feeds.render import event_uid
from events.models import AuditLog, Registration
from events.services.cancellation import cancel_registration
from events.services.capacity import change_capacity
from events.services.checkin import add_walk_in, check_in, check_in_by_code
from events.services.registration import register
from events.services.seats import counts

pytestmark = pytest.mark.django_db


def statuses(occurrence):
    return list(occurrence.registrations.order_by("pk").values_list("status", flat=True))


def test_free_registration_confirms_until_full_then_waitlists(seated_event, occurrence_of, make_user):
    occurrence = occurrence_of(seated_event(capacity=2))
    results = [register(make_user(), occurrence).status for _ in range(4)]
    assert results == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert counts(occurrence, timezone.now())["seats_left"] == 0


def test_one_active_registration_per_person_and_rejoin_after_cancelling(seated_event, occurrence_of, make_user):
    occurrence = occurrence_of(seated_event(capacity=5))
    person = make_user()
    first = register(person, occurrence)
    # Asking again (a double click) answers with the registration already made, and makes no other.
    assert register(person, occurrence) == first
    assert occurrence.registrations.count() == 1
    cancel_registration(first, actor=person)
    again = register(person, occurrence)
    assert again.status == "confirmed"
    assert occurrence.registrations.count() == 2


def test_closed_window_and_cancelled_event_refuse_with_a_clear_message(seated_event, occurrence_of, make_user):
    now = timezone.now()
    later = seated_event(registration_opens=now + datetime.timedelta(days=1))
    with pytest.raises(RegistrationError, match="Registration opens on"):
        register(make_user(), occurrence_of(later))
    closed = seated_event(registration_closes=now - datetime.timedelta(hours=1))
    with pytest.raises(RegistrationError, match="closed"):
        register(make_user(), occurrence_of(closed))
    cancelled = seated_event(status="cancelled")
    with pytest.raises(RegistrationError, match="cancelled"):
        register(make_user(), occurrence_of(cancelled))
    assert Registration.objects.count() == 0


def test_questions_and_code_of_conduct_are_checked(seated_event, occurrence_of, make_user):
    event = seated_event(
        code_of_conduct_url="https://example.org/coc",
        questions=[
            ("Dietary needs", "text", False, ""),
            ("T-shirt size", "choice", True, "S\nM\nL"),
            ("Need step-free access?", "yes_no", True, ""),
        ],
    )
    occurrence = occurrence_of(event)
    size, access = (str(q.pk) for q in event.questions.all()[1:])
    person = make_user()
    with pytest.raises(RegistrationError, match="code of conduct"):
        register(person, occurrence, answers={size: "M", access: "no"})
    with pytest.raises(RegistrationError, match="T-shirt size"):
        register(person, occurrence, answers={size: "XXL", access: "no"}, accept_code_of_conduct=True)
    with pytest.raises(RegistrationError, match="step-free"):
        register(person, occurrence, answers={size: "M"}, accept_code_of_conduct=True)
    registration = register(person, occurrence, answers={size: "M", access: "yes"}, accept_code_of_conduct=True)
    assert registration.answers == {size: "M", access: "yes"}
    assert registration.coc_accepted_at is not None


def test_paid_ticket_holds_a_seat_and_an_expired_hold_stops_counting_before_any_job(
    seated_event, occurrence_of, make_user
):
    event = seated_event(capacity=1, tickets=[("Regular", 2500, None)])
    occurrence = occurrence_of(event)
    ticket = event.ticket_types.get()
    now = timezone.now()
    held = register(make_user(), occurrence, ticket_type=ticket, now=now)
    assert held.status == "pending_payment"
    assert held.hold_expires_at == now + datetime.timedelta(minutes=30)
    assert register(make_user(), occurrence, ticket_type=ticket, now=now).status == "waitlisted"
    # 31 minutes later the hold no longer counts, with no job run: the waiting person gets the offer.
    later = now + datetime.timedelta(minutes=31)
    assert counts(occurrence, later)["seats_left"] == 1
    newcomer = register(make_user(), occurrence, ticket_type=ticket, now=later)
    assert newcomer.status == "waitlisted"
    assert statuses(occurrence) == ["cancelled", "pending_payment", "waitlisted"]


def test_ticket_type_quantity_is_a_limit_of_its_own(seated_event, occurrence_of, make_user):
    event = seated_event(capacity=10, tickets=[("Early bird", 0, 1), ("Regular", 0, None)])
    occurrence = occurrence_of(event)
    early, regular = event.ticket_types.order_by("name")
    assert register(make_user(), occurrence, ticket_type=early).status == "confirmed"
    assert register(make_user(), occurrence, ticket_type=early).status == "waitlisted"
    assert register(make_user(), occurrence, ticket_type=regular).status == "confirmed"
    with pytest.raises(RegistrationError, match="Choose a ticket"):
        register(make_user(), occurrence)


def test_cancellation_promotes_the_waitlist_in_order(seated_event, occurrence_of, make_user):
    occurrence = occurrence_of(seated_event(capacity=1))
    people = [make_user() for _ in range(4)]
    regs = [register(p, occurrence) for p in people]
    cancel_registration(regs[0], actor=people[0])
    assert statuses(occurrence) == ["cancelled", "confirmed", "waitlisted", "waitlisted"]
    cancel_registration(regs[1], actor=people[1])
    assert statuses(occurrence) == ["cancelled", "cancelled", "confirmed", "waitlisted"]
    actions = list(AuditLog.objects.filter(registration=regs[2]).values_list("action", flat=True))
    assert actions == ["registration.created", "registration.promoted"]


def test_paid_waitlist_promotion_is_an_offer_with_a_time_limit(seated_event, occurrence_of, make_user):
    event = seated_event(capacity=1, tickets=[("Regular", 1500, None)])
    occurrence = occurrence_of(event)
    ticket = event.ticket_types.get()
    first = register(make_user(), occurrence, ticket_type=ticket)
    waiting = register(make_user(), occurrence, ticket_type=ticket)
    cancel_registration(first, actor=first.user)
    waiting.refresh_from_db()
    assert waiting.status == "pending_payment"
    assert waiting.hold_expires_at > timezone.now() + datetime.timedelta(hours=11)


def test_participant_cannot_cancel_after_the_deadline_but_organizer_can(
    seated_event, occurrence_of, make_user, organizer
):
    user, group = organizer
    event = seated_event(group=group, cancellation_deadline_hours=24 * 30)
    registration = register(make_user(), occurrence_of(event))
    with pytest.raises(RegistrationError, match="deadline"):
        cancel_registration(registration, actor=registration.user)
    stranger = make_user()
    with pytest.raises(RegistrationError, match="organizers"):
        cancel_registration(registration, actor=stranger, by_organizer=True)
    cancel_registration(registration, actor=user, by_organizer=True)
    registration.refresh_from_db()
    assert registration.status == "cancelled" and registration.cancel_reason == "organizer"


def test_raising_capacity_promotes_and_only_organizers_may(seated_event, occurrence_of, make_user, organizer):
    user, group = organizer
    occurrence = occurrence_of(seated_event(group=group, capacity=1))
    for _ in range(3):
        register(make_user(), occurrence)
    with pytest.raises(RegistrationError):
        change_capacity(occurrence, 5, actor=make_user())
    with pytest.raises(RegistrationError, match="already taken"):
        change_capacity(occurrence, 0, actor=user)
    promoted = change_capacity(occurrence, 2, actor=user)
    assert len(promoted) == 1
    assert statuses(occurrence) == ["confirmed", "confirmed", "waitlisted"]


def test_check_in_twice_says_so_and_changes_nothing(seated_event, occurrence_of, make_user, organizer):
    user, group = organizer
    occurrence = occurrence_of(seated_event(group=group))
    registration = register(make_user(), occurrence)
    with pytest.raises(RegistrationError):
        check_in(registration, actor=make_user())
    first, already = check_in_by_code(occurrence, registration.code.lower(), actor=user)
    assert not already
    second, already = check_in_by_code(occurrence, registration.code, actor=user)
    assert already and second.checked_in_at == first.checked_in_at
    assert AuditLog.objects.filter(action="registration.checked_in").count() == 1


def test_walk_ins_only_while_seats_remain(seated_event, occurrence_of, make_user, organizer):
    user, group = organizer
    occurrence = occurrence_of(seated_event(group=group, capacity=1))
    walk_in = add_walk_in(occurrence, name="Wanda Walker", email="wanda@example.org", actor=user)
    assert walk_in.status == "confirmed" and walk_in.checked_in_at is not None and walk_in.is_walk_in
    with pytest.raises(RegistrationError, match="No seats"):
        add_walk_in(occurrence, name="Late Larry", email="larry@example.org", actor=user)


def test_confirmation_email_has_html_text_and_an_ics(
    seated_event, occurrence_of, make_user, django_capture_on_commit_callbacks
):
    import icalendar

    occurrence = occurrence_of(seated_event(title="Civic Tech Toronto"))
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(make_user(email="ada@example.org"), occurrence)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Civic Tech Toronto" in message.subject
    assert registration.code in message.body
    assert message.alternatives[0][1] == "text/html"
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(content)
    (vevent,) = cal.walk("VEVENT")
    # The UID the calendar feeds give the event, so the attachment and a subscribed feed are one entry.
    assert str(vevent["UID"]) == event_uid(occurrence.event_id)
    assert vevent["DTSTART"].params["TZID"] == "America/Toronto"
    assert vevent.decoded("DTSTART") == occurrence.start
    assert cal.walk("VTIMEZONE")


def test_waitlist_and_promotion_emails(seated_event, occurrence_of, make_user, django_capture_on_commit_callbacks):
    occurrence = occurrence_of(seated_event(capacity=1))
    first = register(make_user(), occurrence)
    with django_capture_on_commit_callbacks(execute=True):
        register(make_user(email="wait@example.org"), occurrence)
    assert "waitlist" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(first, actor=first.user)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "seat opened up" in subjects["wait@example.org"]
    assert "cancelled" in subjects[first.user.email]


def test_reminders_are_sent_once_however_often_the_command_runs(
    seated_event, occurrence_of, make_user, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localtime() + datetime.timedelta(hours=20)
    event = seated_event(start_date=tomorrow.date(), start_time=tomorrow.time().replace(microsecond=0), end_time=None)
    occurrence = occurrence_of(event)
    register(make_user(), occurrence)
    next_week = occurrence_of(seated_event())
    register(make_user(), next_week)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Tomorrow")


def test_expire_holds_command_releases_and_promotes(seated_event, occurrence_of, make_user):
    event = seated_event(capacity=1, tickets=[("Regular", 1000, None)])
    occurrence = occurrence_of(event)
    ticket = event.ticket_types.get()
    past = timezone.now() - datetime.timedelta(minutes=40)
    held = register(make_user(), occurrence, ticket_type=ticket, now=past)
    waiting = register(make_user(), occurrence, ticket_type=ticket, now=past)
    call_command("expire_holds")
    call_command("expire_holds")
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == "cancelled" and held.cancel_reason == "hold_expired"
    assert waiting.status == "pending_payment"


def test_people_promoted_to_a_paid_offer_are_warned_once_before_it_runs_out(
    seated_event, occurrence_of, make_user, django_capture_on_commit_callbacks, settings
):
    event = seated_event(capacity=1, tickets=[("Regular", 1000, None)])
    occurrence = occurrence_of(event)
    ticket = event.ticket_types.get()
    first = register(make_user(), occurrence, ticket_type=ticket)
    waiting = register(make_user(email="offer@example.org"), occurrence, ticket_type=ticket)
    cancel_registration(first, actor=first.user)
    waiting.refresh_from_db()
    assert waiting.status == "pending_payment"
    Registration.objects.filter(pk=waiting.pk).update(hold_expires_at=timezone.now() + datetime.timedelta(minutes=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_holds")
        call_command("expire_holds")
    assert [m.subject for m in mail.outbox] == [f"Your seat offer expires soon: {event.title}"]
    assert "offer@example.org" in mail.outbox[0].to


def test_email_html_escapes_names_and_titles(seated_event, make_user, django_capture_on_commit_callbacks):
    event = seated_event(title="O'Reilly <b>Hack</b> Night")
    with django_capture_on_commit_callbacks(execute=True):
        register(make_user(name="<script>alert(1)</script>"), event.occurrences.get())
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Hack</b>" not in html
    assert 'href="http://testserver/me/"' in html
    assert "O'Reilly <b>Hack</b> Night" in message.body  # the text part is plain text, unescaped
