"""Organizer messages: segments reach exactly their people, once; preview sends nothing; replies go to
the sender or the group; scheduled messages go once at their time, whatever workers run them."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from events.exceptions import RegistrationError
from events.models import AttendeeEmail, AttendeeEmailRecipient, Occurrence
from events.services.checkin import check_in
from events.services.messaging import deliver_message, email_attendees
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(seated_event, organizer, make_user):
    """A date with two seats: Ada (checked in), Grace (confirmed, not checked in), Wendy (waitlisted),
    Carl (cancelled)."""
    user, group = organizer
    event = seated_event(group=group, capacity=2)
    occurrence = event.occurrences.get()
    by_name = {}
    for name in ("Ada", "Grace", "Carl", "Wendy"):
        by_name[name] = register(make_user(email=f"{name.lower()}@example.org", name=name), occurrence)
        if name == "Carl":
            from events.services.cancellation import cancel_registration

            cancel_registration(by_name[name], actor=by_name[name].user)
            by_name[name].refresh_from_db()
    check_in(by_name["Ada"], actor=user)
    return {"organizer": user, "group": group, "event": event, "occurrence": occurrence, **by_name}


def start_date(occurrence, when):
    Occurrence.objects.filter(pk=occurrence.pk).update(start=when, end=when + datetime.timedelta(hours=2))
    occurrence.refresh_from_db()


@pytest.mark.parametrize(
    "segment,expected",
    [
        ("confirmed", {"ada@example.org", "grace@example.org"}),
        ("waitlisted", {"wendy@example.org"}),
        ("checked_in", {"ada@example.org"}),
        ("no_show", {"grace@example.org"}),
        ("everyone", {"ada@example.org", "grace@example.org", "wendy@example.org"}),
    ],
)
def test_each_segment_reaches_exactly_its_people_once(people, segment, expected):
    assert people["Wendy"].status == "waitlisted" and people["Carl"].status == "cancelled"
    start_date(people["occurrence"], timezone.now() - datetime.timedelta(hours=1))  # no-shows are known
    mail.outbox.clear()
    message = email_attendees(
        people["occurrence"], subject="Hello", body="Thanks for coming.", actor=people["organizer"], segment=segment
    )
    deliver_message(message.pk)
    deliver_message(message.pk)  # a second run (retry, second worker) sends nobody anything again
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    message.refresh_from_db()
    assert (message.total, message.sent, message.failed) == (len(expected), len(expected), 0)
    assert message.finished_at is not None
    assert all(m.reply_to == [people["organizer"].email] for m in mail.outbox)


def test_no_shows_cannot_be_written_to_before_the_date_starts(people):
    with pytest.raises(RegistrationError, match="No-shows"):
        email_attendees(people["occurrence"], subject="S", body="B", actor=people["organizer"], segment="no_show")
    later = people["occurrence"].start + datetime.timedelta(hours=3)
    message = email_attendees(
        people["occurrence"], subject="S", body="B", actor=people["organizer"], segment="no_show", send_at=later
    )
    assert message.send_at == later
    assert deliver_message(message.pk) == 0  # not due yet: nobody listed, nothing sent
    assert not message.recipients.exists()


def test_preview_shows_who_and_what_and_sends_nothing_then_send(client, people):
    client.force_login(people["organizer"])
    url = reverse("events:organize_email", args=[people["occurrence"].pk])
    data = {
        "segment": "waitlisted",
        "subject": "Seats may open",
        "body": "Keep an eye on your inbox.",
        "reply_to": people["organizer"].email,
        "send_at": "",
    }
    mail.outbox.clear()
    response = client.post(url, {**data, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "People on the waitlist: 1 person" in html and "Keep an eye on your inbox." in html
    assert 'value="send"' in html
    assert not AttendeeEmail.objects.exists() and not mail.outbox
    with_callbacks = client.post(url, {**data, "action": "send"})
    message = AttendeeEmail.objects.get()
    assert with_callbacks["Location"] == reverse("events:organize_email_progress", args=[message.pk])
    assert message.segment == "waitlisted" and message.total == 1 and message.sender == people["organizer"]


def test_replies_go_to_the_group_contact_when_chosen_and_a_forged_address_is_refused(client, people):
    people["group"].contact_email = "team@civictech.example"
    people["group"].save()
    client.force_login(people["organizer"])
    url = reverse("events:organize_email", args=[people["occurrence"].pk])
    data = {"segment": "confirmed", "subject": "S", "body": "B", "action": "send"}
    forged = client.post(url, {**data, "reply_to": "attacker@evil.example"})
    assert forged.status_code == 400 and not AttendeeEmail.objects.exists()
    response = client.post(url, {**data, "reply_to": "team@civictech.example"})
    assert response.status_code == 302
    assert AttendeeEmail.objects.get().reply_to == "team@civictech.example"


def test_bad_schedule_times_are_form_errors(client, people):
    client.force_login(people["organizer"])
    url = reverse("events:organize_email", args=[people["occurrence"].pk])
    data = {"segment": "confirmed", "subject": "S", "body": "B", "reply_to": people["organizer"].email}
    for send_at in ("2001-01-01T10:00", "not a date", "99999-01-01T10:00", "2150-01-01T10:00"):
        response = client.post(url, {**data, "send_at": send_at, "action": "send"})
        assert response.status_code == 400, send_at
    assert not AttendeeEmail.objects.exists()


def test_a_refused_address_is_counted_as_failed_and_the_rest_delivered(settings, people, make_user):
    settings.EMAIL_BACKEND = "tests.fakes.mail.RefusingBackend"
    bounce = register(make_user(email="bounce@example.org", name="Bo"), people["occurrence"])
    assert bounce.status == "waitlisted"
    mail.outbox = []
    message = email_attendees(
        people["occurrence"], subject="S", body="B", actor=people["organizer"], segment="waitlisted"
    )
    deliver_message(message.pk)
    message.refresh_from_db()
    assert (message.total, message.sent, message.failed) == (2, 1, 1) and message.finished_at
    assert [m.to for m in mail.outbox] == [["wendy@example.org"]]
    failed = AttendeeEmailRecipient.objects.get(status="failed")
    assert failed.user == bounce.user and "No such mailbox" in failed.error


def test_another_groups_organizer_cannot_write_read_or_cancel_messages(client, people, make_user, make_group):
    message = email_attendees(
        people["occurrence"],
        subject="S",
        body="B",
        actor=people["organizer"],
        send_at=timezone.now() + datetime.timedelta(days=1),
    )
    other = make_user()
    group = make_group()
    group.organizers.add(other)
    group.save()
    client.force_login(other)
    url = reverse("events:organize_email", args=[people["occurrence"].pk])
    response = client.post(url, {"segment": "confirmed", "subject": "X", "body": "Y", "action": "send"})
    assert response.status_code == 403
    assert client.get(reverse("events:organize_email_progress", args=[message.pk])).status_code == 403
    assert client.post(reverse("events:organize_email_cancel", args=[message.pk])).status_code == 403
    with pytest.raises(RegistrationError):
        email_attendees(people["occurrence"], subject="X", body="Y", actor=other)
    message.refresh_from_db()
    assert AttendeeEmail.objects.count() == 1 and message.cancelled_at is None
    client.force_login(people["organizer"])
    assert client.post(reverse("events:organize_email_cancel", args=[message.pk])).status_code == 302
    message.refresh_from_db()
    assert message.cancelled_at is not None
    assert deliver_message(message.pk) == 0


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_send_each_person_one_copy(settings, people, make_user):
    # Queued in the database and left there: the two threads below are the only senders.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    for n in range(8):
        register(make_user(email=f"wait{n}@example.org"), people["occurrence"])
    message = email_attendees(
        people["occurrence"], subject="S", body="B", actor=people["organizer"], segment="everyone"
    )
    mail.outbox = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            deliver_message(message.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == 11 and len(set(recipients)) == 11
    message.refresh_from_db()
    assert (message.total, message.sent) == (11, 11) and message.finished_at


@pytest.mark.django_db(transaction=True)  # the real worker manages its own connection
def test_a_scheduled_message_goes_once_at_its_time_even_with_two_workers(client, people, task_worker):
    from django_tasks_db.models import DBTaskResult

    client.force_login(people["organizer"])
    send_at = timezone.localtime(timezone.now() + datetime.timedelta(hours=2), people["event"].tz)
    response = client.post(
        reverse("events:organize_email", args=[people["occurrence"].pk]),
        {
            "segment": "confirmed",
            "subject": "Doors open at 6",
            "body": "See you soon.",
            "reply_to": people["organizer"].email,
            "send_at": send_at.strftime("%Y-%m-%dT%H:%M"),
            "action": "send",
        },
    )
    assert response.status_code == 302
    message = AttendeeEmail.objects.get()
    assert message.send_at == send_at.replace(second=0, microsecond=0)
    mail.outbox = []
    task_worker()
    call_command("send_scheduled_messages")
    assert not mail.outbox  # not due yet
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    # The time comes: the worker runs the queued task while a second worker runs a duplicate of it
    # and the periodic command runs too; each person gets one copy.
    from events.tasks import send_attendee_email

    past = timezone.now() - datetime.timedelta(seconds=1)
    AttendeeEmail.objects.filter(pk=message.pk).update(send_at=past)
    DBTaskResult.objects.update(run_after=past)

    def in_thread(work):
        def run():
            try:
                work()
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    others = [
        in_thread(lambda: send_attendee_email.call(message.pk)),
        in_thread(lambda: call_command("send_scheduled_messages")),
    ]
    for thread in others:
        thread.start()
    task_worker()  # the worker installs signal handlers, so it runs in the main thread
    for thread in others:
        thread.join()
    call_command("send_scheduled_messages")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "grace@example.org"]
    message.refresh_from_db()
    assert (message.sent, message.total, message.failed) == (2, 2, 0) and message.finished_at
