"""Every change reaches the people it affects: a cancelled date cancels (and refunds) its registrations
and tells everyone on it; a moved or retimed date, a new venue or link keeps them and tells each person
once, with the old and new details, an updated .ics and a one-click way out."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.feeds.render import occurrence_uid
from events.models import DateChange, EventPage, Occurrence, Payment, Registration
from events.services.changes import send_due_date_changes
from events.services.occurrences import cancel_occurrence, move_occurrence
from events.services.payments import start_checkout
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_delay(settings):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 0


@pytest.fixture
def pay(fake_stripe, deliver):
    """Register and pay for a paid ticket through the fake Stripe API and a signed webhook."""

    def run(user, occurrence, ticket):
        registration = register(user, occurrence, ticket_type=ticket)
        payment = start_checkout(registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")
        deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(payment.stripe_session_id)))
        registration.refresh_from_db()
        assert registration.status == "confirmed"
        return registration

    return run


def emails(subject_start):
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


def ics_of(message):
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    (vevent,) = icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")
    return vevent


def in_zone(moment, event):
    return moment.astimezone(event.tz)


# -- cancelled dates ---------------------------------------------------------------------------


def test_cancelling_a_date_cancels_everyone_refunds_the_paid_and_tells_each_once_with_the_note(
    seated_event, make_user, pay, fake_stripe, django_capture_on_commit_callbacks, organizer
):
    user, group = organizer
    event = seated_event(capacity=2, tickets=[("Regular", 2500, None)], group=group)
    occurrence = event.occurrences.get()
    ticket = event.ticket_types.get()
    paid = pay(make_user(email="paid@example.org"), occurrence, ticket)
    pending = register(make_user(email="pending@example.org"), occurrence, ticket_type=ticket)
    waiting = register(make_user(email="waiting@example.org"), occurrence, ticket_type=ticket)
    assert (pending.status, waiting.status) == ("pending_payment", "waitlisted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(occurrence, "The venue flooded, sorry!", actor=user)

    for registration in (paid, pending, waiting):
        registration.refresh_from_db()
        assert (registration.status, registration.cancel_reason) == ("cancelled", "date_cancelled")
    payment = Payment.objects.get(registration=paid)
    assert payment.status == "refunded"
    (refund,) = fake_stripe.calls("POST", "/v1/refunds")
    assert refund["params"]["payment_intent"] == payment.stripe_payment_intent
    told = emails("Date cancelled")
    assert sorted(m.to[0] for m in told) == ["paid@example.org", "pending@example.org", "waiting@example.org"]
    for message in told:
        assert "The venue flooded, sorry!" in message.body
        assert str(ics_of(message)["STATUS"]) == "CANCELLED"
    assert [m.to[0] for m in emails("Refund issued")] == ["paid@example.org"]


def test_a_rule_change_that_drops_a_date_cancels_its_registrations_and_tells_them(
    make_event, make_user, django_capture_on_commit_callbacks
):
    start = datetime.date.today() + datetime.timedelta(days=1)
    series = make_event("Weekly hacknight", repeat="weekly", start_date=start)
    third = series.occurrences.order_by("start")[2]
    registration = register(make_user(email="third@example.org"), third)
    mail.outbox.clear()

    series = EventPage.objects.get(pk=series.pk)
    series.repeat_until = start + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        series.save_revision().publish()

    registration.refresh_from_db()
    third.refresh_from_db()
    assert third.status == "cancelled"
    assert (registration.status, registration.cancel_reason) == ("cancelled", "date_cancelled")
    (message,) = emails("Date cancelled")
    assert message.to == ["third@example.org"]
    assert "no longer part of the series" in message.body


def test_cancelling_the_event_in_the_page_editor_cancels_everyone_as_cancel_event_does(
    make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event("Open Data Day")
    registration = register(make_user(email="ada@example.org"), event.occurrences.get())
    mail.outbox.clear()
    event = EventPage.objects.get(pk=event.pk)
    event.status = "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    registration.refresh_from_db()
    assert (registration.status, registration.cancel_reason) == ("cancelled", "event_cancelled")
    assert [m.to[0] for m in emails("Event cancelled")] == ["ada@example.org"]


# -- moved dates, new times and places -------------------------------------------------------------


def test_moving_a_date_tells_each_person_once_with_old_and_new_details_an_updated_ics_and_a_way_out(
    make_event, make_user, no_delay, django_capture_on_commit_callbacks
):
    start = datetime.date.today() + datetime.timedelta(days=3)
    series = make_event("Toronto hacknight", repeat="weekly", start_date=start, capacity=1)
    occurrence = series.occurrences.order_by("start").first()
    confirmed = register(make_user(email="seat@example.org"), occurrence)
    waiting = register(make_user(email="line@example.org"), occurrence)
    assert waiting.status == "waitlisted"
    sequence_before = EventPage.objects.get(pk=series.pk).sequence
    old_start = occurrence.start
    mail.outbox.clear()

    new_start = occurrence.start + datetime.timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(occurrence, new_start, new_start + datetime.timedelta(hours=2))

    told = emails("Date changed")
    assert sorted(m.to[0] for m in told) == ["line@example.org", "seat@example.org"]
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == ("confirmed", "waitlisted")  # registrations stay
    event = EventPage.objects.get(pk=series.pk)
    for message in told:
        assert "Was:" in message.body and "Now:" in message.body
        assert in_zone(old_start, event).strftime("%b") in message.body
        assert f"{in_zone(new_start, event):%b} {in_zone(new_start, event).day}" in message.body
        assert "/me/registrations/changed/" in message.body
        vevent = ics_of(message)
        assert str(vevent["UID"]) == occurrence_uid(occurrence.pk)  # the private feed's UID for the date
        assert vevent["DTSTART"].dt == new_start
        assert int(vevent["SEQUENCE"]) == event.sequence > sequence_before


def test_a_new_time_venue_and_link_published_in_the_editor_reach_people_as_one_email(
    make_event, make_venue, make_user, no_delay, django_capture_on_commit_callbacks
):
    old_venue = make_venue(name="Old Hall", address="1 Main St")
    new_venue = make_venue(name="Innovation Hub", address="99 Queen St")
    event = make_event("Code and the City", venue=old_venue)
    register(make_user(email="ada@example.org"), event.occurrences.get())
    mail.outbox.clear()

    event = EventPage.objects.get(pk=event.pk)
    event.start_time = datetime.time(10, 0)
    event.end_time = datetime.time(16, 0)
    event.venue = new_venue
    event.online_url = "https://meet.example.org/code-city"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    (message,) = emails("Date changed")
    body = message.body
    assert "Old Hall" in body and "Innovation Hub" in body
    assert "https://meet.example.org/code-city" in body
    assert "6:30" in body and "10 a.m." in body
    assert ics_of(message)["DTSTART"].dt.hour == 10
    # An edit that changes nothing people rely on tells nobody.
    mail.outbox.clear()
    event = EventPage.objects.get(pk=event.pk)
    event.summary = "Now with more open data."
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert not emails("Date changed")


def test_several_saves_within_the_window_give_one_email_with_the_details_from_before_the_first(
    make_event, make_user, settings, django_capture_on_commit_callbacks
):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 300
    event = make_event("Meetup")
    occurrence = event.occurrences.get()
    original = occurrence.start
    register(make_user(email="ada@example.org"), occurrence)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(occurrence, original + datetime.timedelta(hours=1), original + datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(occurrence, original + datetime.timedelta(hours=2), original + datetime.timedelta(hours=4))
    assert not emails("Date changed")  # still settling
    assert DateChange.objects.filter(occurrence=occurrence).count() == 1

    now = timezone.now()
    assert send_due_date_changes(now=now) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_date_changes(now=now + datetime.timedelta(minutes=6)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_date_changes(now=now + datetime.timedelta(minutes=12)) == 0  # safe to run twice
    (message,) = emails("Date changed")
    was = in_zone(original, event)
    assert f"Was: {was:%a}, {was:%b} {was.day}" in message.body
    assert "6:30" in message.body.split("Now:")[0]  # the time people knew, not the first correction's
    assert ics_of(message)["DTSTART"].dt == original + datetime.timedelta(hours=2)


def test_a_change_that_is_undone_within_the_window_tells_nobody(
    make_event, make_user, settings, django_capture_on_commit_callbacks
):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 300
    event = make_event("Meetup")
    occurrence = event.occurrences.get()
    start, end = occurrence.start, occurrence.end
    register(make_user(), occurrence)
    mail.outbox.clear()
    move_occurrence(occurrence, start + datetime.timedelta(hours=1), end + datetime.timedelta(hours=1))
    move_occurrence(occurrence, start, end)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_date_changes(now=timezone.now() + datetime.timedelta(minutes=6)) == 0
    assert not emails("Date changed")


def test_nothing_is_sent_for_a_date_already_past(make_event, make_user, no_delay, django_capture_on_commit_callbacks):
    event = make_event("Last week's meetup", start_date=datetime.date.today() - datetime.timedelta(days=7))
    occurrence = event.occurrences.get()
    Registration.objects.create(user=make_user(), occurrence=occurrence, status="confirmed")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(occurrence, occurrence.start + datetime.timedelta(hours=1), occurrence.end)
    assert not DateChange.objects.exists()
    assert not mail.outbox


def test_the_worker_sends_a_change_once_when_its_window_has_passed(make_event, make_user, settings, task_worker):
    """Through the real db_worker: the task is deferred to the end of the window, a second save
    moves the window on, and the change goes out once."""
    from django_tasks_db.models import DBTaskResult

    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 300
    event = make_event("Meetup")
    occurrence = event.occurrences.get()
    register(make_user(email="ada@example.org"), occurrence)
    task_worker()
    mail.outbox.clear()
    start = occurrence.start
    move_occurrence(occurrence, start + datetime.timedelta(hours=1), start + datetime.timedelta(hours=3))
    move_occurrence(occurrence, start + datetime.timedelta(hours=2), start + datetime.timedelta(hours=4))
    task_worker()
    assert not emails("Date changed")  # deferred: the window has not passed

    # The window passes.
    past = timezone.now() - datetime.timedelta(seconds=1)
    DateChange.objects.update(due_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)
    task_worker()
    (message,) = emails("Date changed")
    assert message.to == ["ada@example.org"]
    assert DateChange.objects.get().recipients == 1


def test_a_cancelled_date_is_told_through_the_worker_and_refunds_through_the_fake_stripe(
    seated_event, make_user, fake_stripe, deliver, task_worker
):
    event = seated_event(tickets=[("Regular", 1500, None)])
    occurrence = event.occurrences.get()
    registration = register(make_user(email="paid@example.org"), occurrence, ticket_type=event.ticket_types.get())
    payment = start_checkout(registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(payment.stripe_session_id)))
    task_worker()
    mail.outbox.clear()
    cancel_occurrence(Occurrence.objects.get(pk=occurrence.pk), "Snow storm")
    assert not mail.outbox  # queued, not sent inside the request
    task_worker()
    assert [m.to[0] for m in emails("Date cancelled")] == ["paid@example.org"]
    assert Payment.objects.get(pk=payment.pk).status == "refunded"
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1


def test_the_periodic_command_sends_due_changes(make_event, make_user, settings, django_capture_on_commit_callbacks):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 300
    event = make_event("Meetup")
    occurrence = event.occurrences.get()
    register(make_user(email="ada@example.org"), occurrence)
    move_occurrence(occurrence, occurrence.start + datetime.timedelta(hours=1), occurrence.end)
    DateChange.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_date_changes", verbosity=0)
    assert [m.to[0] for m in emails("Date changed")] == ["ada@example.org"]


# -- the one-click way out, and /me/ ----------------------------------------------------------------


def _change_link(message):
    return next(line for line in message.body.splitlines() if "/me/registrations/changed/" in line).strip()


def test_the_one_click_link_cancels_and_refunds_even_past_the_deadline_and_promotes_the_waitlist(
    client, seated_event, make_user, pay, fake_stripe, no_delay, django_capture_on_commit_callbacks
):
    event = seated_event(capacity=1, tickets=[("Regular", 2000, None)], cancellation_deadline_hours=24 * 30)
    occurrence = event.occurrences.get()
    ticket = event.ticket_types.get()
    paid = pay(make_user(email="paid@example.org"), occurrence, ticket)
    waiting = register(make_user(email="next@example.org"), occurrence, ticket_type=ticket)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        later = datetime.timedelta(hours=2)
        move_occurrence(occurrence, occurrence.start + later, occurrence.end + later)
    message = next(m for m in emails("Date changed") if m.to == ["paid@example.org"])
    link = _change_link(message).removeprefix("http://testserver")

    page = client.get(link)  # a mail scanner prefetching the link cancels nothing
    assert page.status_code == 200
    assert "Yes, cancel my registration" in page.content.decode()
    paid.refresh_from_db()
    assert paid.status == "confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert done.status_code == 200
    paid.refresh_from_db()
    waiting.refresh_from_db()
    assert (paid.status, paid.cancel_reason) == ("cancelled", "date_changed")
    assert Payment.objects.get(registration=paid).status == "refunded"
    assert waiting.status == "pending_payment"  # offered the freed seat
    assert client.post(link).status_code == 200  # twice: already cancelled, nothing more
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1
    assert client.get(link[:-12] + "tampered/cancel/").status_code == 404


def test_me_shows_a_cancelled_date_without_a_ticket_and_a_moved_one_with_where_it_was(
    client, make_event, make_user, no_delay, django_capture_on_commit_callbacks
):
    user = make_user()
    gone = make_event("Gone meetup")
    moved = make_event("Moved meetup")
    register(user, gone.occurrences.get())
    kept = register(user, moved.occurrences.get())
    occurrence = moved.occurrences.get()
    old = occurrence.start
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(gone.occurrences.get(), "Holiday break")
        move_occurrence(occurrence, old + datetime.timedelta(days=1), occurrence.end + datetime.timedelta(days=1))
    client.force_login(user)
    page = client.get("/me/").content.decode()
    gone_card = page[page.index("Gone meetup") : page.index("Moved meetup")]
    assert "Date cancelled" in gone_card and "Holiday break" in gone_card
    assert "<svg" not in gone_card  # no working QR ticket
    moved_card = page[page.index("Moved meetup") :]
    was = in_zone(old, moved)
    assert f"Moved from {was:%a}, {was:%b} {was.day}" in moved_card
    assert kept.code in moved_card  # the ticket still works
    # Someone who registered for the new time was never told the old one.
    late = make_user()
    register(late, occurrence)
    client.force_login(late)
    assert "Moved from" not in client.get("/me/").content.decode()


# -- a hackathon's judges ------------------------------------------------------------------------


def test_a_hackathons_judges_are_told_of_a_cancelled_or_moved_date(
    hackathon, make_judge, make_user, no_delay, django_capture_on_commit_callbacks
):
    judge = make_judge(hackathon, user=make_user(email="judge@example.org"))
    occurrence = hackathon.occurrences.get()
    register(make_user(email="hacker@example.org"), occurrence)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        week = datetime.timedelta(days=7)
        move_occurrence(occurrence, occurrence.start + week, occurrence.end + week)
    (moved,) = [m for m in emails("Date changed") if m.to == [judge.user.email]]
    assert "you judge it" in moved.subject and "Was:" in moved.body
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(Occurrence.objects.get(pk=occurrence.pk), "Postponed to spring")
    (cancelled,) = [m for m in emails("Date cancelled") if m.to == [judge.user.email]]
    assert "Postponed to spring" in cancelled.body


def test_the_pages_that_show_a_change_are_valid_html(
    client, make_event, make_venue, make_user, no_delay, django_capture_on_commit_callbacks
):
    from tests.html_checker import html_errors

    user = make_user(email="ada@example.org")
    gone, moved = make_event("Gone meetup"), make_event("Moved meetup", venue=make_venue(name="Old Hall"))
    register(user, gone.occurrences.get())
    register(user, moved.occurrences.get())
    occurrence = moved.occurrences.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(gone.occurrences.get(), "Holiday break")
        move_occurrence(
            occurrence, occurrence.start + datetime.timedelta(days=1), occurrence.end + datetime.timedelta(days=1)
        )
    link = _change_link(emails("Date changed")[0]).removeprefix("http://testserver")
    client.force_login(user)
    pages = {"me": client.get("/me/").content.decode(), "cancel link": client.get(link).content.decode()}
    pages["cancel link, done"] = client.post(link).content.decode()
    pages["cancel link, unknown"] = client.get("/me/registrations/changed/nope/cancel/").content.decode()
    assert html_errors(pages) == {}


def test_a_venues_new_address_reaches_the_people_registered_there_once(
    make_event, make_venue, make_user, no_delay, django_capture_on_commit_callbacks
):
    """Editing a venue's address (Events › Venues) changes where every event held there takes place:
    the people on their coming dates are told as a change of venue in the editor would tell them."""
    hall = make_venue(name="Old Hall", address="1 Main St")
    event = make_event("Code and the City", venue=hall)
    other = make_event("Elsewhere")
    register(make_user(email="ada@example.org"), event.occurrences.get())
    register(make_user(email="grace@example.org"), other.occurrences.get())
    sequence = EventPage.objects.get(pk=event.pk).sequence
    mail.outbox.clear()

    hall.address = "250 Front St"
    with django_capture_on_commit_callbacks(execute=True):
        hall.save()

    (message,) = emails("Date changed")
    assert message.to == ["ada@example.org"]
    assert "1 Main St" in message.body and "250 Front St" in message.body
    assert ics_of(message)["SEQUENCE"] > sequence
    assert "250 Front St" in str(ics_of(message)["LOCATION"])
    # A save that changes nothing people see tells nobody.
    mail.outbox.clear()
    hall.latitude = 43.6
    with django_capture_on_commit_callbacks(execute=True):
        hall.save()
    assert not emails("Date changed")
