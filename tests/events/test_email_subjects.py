"""A line break in a title never stops an email (a header cannot hold one: Django refused to send,
inside the task worker, so every email for such an event was lost without a word)."""

import pytest
from django.core import mail

from events.models import Registration
from events.services.messaging import email_attendees
from events.services.registration import register
from guards.mail import email_subject
from teams.services.judges import invite_judge

pytestmark = pytest.mark.django_db

TITLE = "Code and the City\r\nBcc: everyone@example.org"


def one_line(message):
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None
    return message.subject


def test_registration_emails_for_a_title_with_line_breaks_are_sent(
    make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event(TITLE, capacity=1)
    occurrence = event.occurrences.get()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(make_user(), occurrence)
        register(make_user(), occurrence)  # waitlisted
    assert first.status == "confirmed"
    subjects = [one_line(m) for m in mail.outbox]
    assert subjects == [
        "You're registered: Code and the City Bcc: everyone@example.org",
        "You're on the waitlist: Code and the City Bcc: everyone@example.org",
    ]
    # No header of the title's own: only the language header the site adds to every email.
    assert not mail.outbox[0].bcc and set(mail.outbox[0].extra_headers) == {"Content-Language"}


def test_an_organizers_message_with_line_breaks_in_its_subject_is_sent(
    make_event, make_user, organizer, django_capture_on_commit_callbacks
):
    user, group = organizer
    event = make_event(TITLE, group=group)
    occurrence = event.occurrences.get()
    Registration.objects.create(user=make_user(), occurrence=occurrence, status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        email_attendees(occurrence, subject="Room change\nBcc: x@example.org", body="We moved.", actor=user)
    (message,) = mail.outbox
    assert one_line(message) == "Room change Bcc: x@example.org"


def test_a_judge_invitation_for_a_title_with_line_breaks_is_sent(
    make_event, organizer, django_capture_on_commit_callbacks
):
    user, group = organizer
    event = make_event(TITLE, kind="hackathon", group=group)
    with django_capture_on_commit_callbacks(execute=True):
        invite_judge(event, user, "judge@example.org")
    (message,) = mail.outbox
    assert one_line(message) == "You are invited to judge Code and the City Bcc: everyone@example.org"


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("A\u2028B", "Tomorrow: A B"),
        ("A\x0bB\x85C", "Tomorrow: A B C"),
        ("  A  \n\n B ", "Tomorrow: A B"),
        ("%(event)s 100%", "Tomorrow: %(event)s 100%"),
        ("x" * 300, "Tomorrow: " + "x" * 189 + "…"),
    ],
)
def test_email_subject_is_always_one_line(title, subject):
    assert email_subject("Tomorrow: %(event)s", event=title) == subject
