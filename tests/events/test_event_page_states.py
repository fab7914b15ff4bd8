"""An event page answers a visitor's questions honestly: ended and cancelled states, who is going,
who hosts it, where it is, how to share it, and the meeting link only for people with a seat."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import TicketType
from events.services.registration import register

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/secret-room"


def _panel(html):
    match = re.search(r'<section class="panel registration-panel".*?</section>', html, re.S)
    assert match, "no registration panel"
    return match.group(0)


@pytest.fixture
def past_event(seated_event):
    when = timezone.localdate() - datetime.timedelta(days=10)
    return seated_event(title="Open Data Day 2026", capacity=100, start_date=when)


def test_past_event_says_it_ended_without_seats_or_register_button(client, make_user, past_event):
    occurrence = past_event.occurrences.get()
    register(make_user(), occurrence, now=occurrence.start - datetime.timedelta(days=3))
    html = client.get(past_event.url).content.decode()
    panel = _panel(html)
    assert "This event has ended." in html
    assert "seats left" not in html and "100 seats" not in html
    assert "Log in to register" not in panel and "registration is closed" not in panel
    assert "1 person went" in panel

    client.force_login(make_user())
    panel = _panel(client.get(past_event.url).content.decode())
    assert "<form" not in panel and "This event has ended." in panel


def test_cancelled_event_shows_no_seats_and_no_register_button(client, make_user, seated_event):
    event = seated_event(capacity=30)
    event.status = "cancelled"
    event.save_revision().publish()
    client.force_login(make_user())
    html = client.get(event.url).content.decode()
    panel = _panel(html)
    assert "This event has been cancelled." in html
    assert "seats left" not in panel and "<form" not in panel
    assert "it takes no registrations" in panel


def test_going_count_and_waitlist_length_when_full(client, make_user, seated_event):
    event = seated_event(capacity=2)
    occurrence = event.occurrences.get()
    for _ in range(3):
        register(make_user(), occurrence)
    panel = _panel(client.get(event.url).content.decode())
    assert "2 going" in panel and "Full" in panel and "1 person on the waitlist" in panel


def test_waitlisted_person_sees_their_position_and_no_ticket_link(client, make_user, seated_event):
    event = seated_event(capacity=1)
    occurrence = event.occurrences.get()
    register(make_user(), occurrence)
    register(make_user(), occurrence)
    third = make_user()
    register(third, occurrence)
    client.force_login(third)
    panel = _panel(client.get(event.url).content.decode())
    assert "number 2 in line" in panel
    assert "See your ticket" not in panel


def test_pending_payment_offers_to_pay_not_a_ticket(client, make_user, seated_event):
    event = seated_event(capacity=5)
    ticket = TicketType.objects.create(event=event, name="Supporter", price_cents=2500)
    user = make_user()
    registration = register(user, event.occurrences.get(), ticket_type=ticket)
    assert registration.status == "pending_payment"
    client.force_login(user)
    panel = _panel(client.get(event.url).content.decode())
    assert "See your ticket" not in panel
    assert reverse("events:pay", args=[registration.pk]) in panel


def test_confirmed_person_sees_their_ticket_link(client, make_user, seated_event):
    event = seated_event(capacity=5)
    user = make_user()
    register(user, event.occurrences.get())
    client.force_login(user)
    assert "See your ticket" in _panel(client.get(event.url).content.decode())


def test_online_link_only_for_people_with_a_seat(client, make_user, seated_event):
    event = seated_event(capacity=1, online_url=MEETING)
    occurrence = event.occurrences.get()
    assert MEETING not in client.get(event.url).content.decode()

    waiting = make_user()
    seated = make_user()
    register(seated, occurrence)
    register(waiting, occurrence)
    client.force_login(waiting)
    html = client.get(event.url).content.decode()
    assert MEETING not in html and "Registered people see the link" in html

    client.force_login(seated)
    assert MEETING in client.get(event.url).content.decode()


def test_online_link_stays_out_of_feeds_json_ld_and_calendar_links(client, seated_event):
    event = seated_event(online_url=MEETING)
    for url in (
        reverse("calendar:all"),
        reverse("calendar:event", kwargs={"pk": event.pk}),
        event.url,
    ):
        body = client.get(url).content.decode()
        assert MEETING not in body, url
        assert "secret-room" not in body, url
    html = client.get(event.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["location"]["@type"] == "VirtualLocation"


def test_online_link_in_the_confirmation_email_not_the_waitlist_email(
    client, make_user, seated_event, django_capture_on_commit_callbacks
):
    event = seated_event(capacity=1, online_url=MEETING)
    occurrence = event.occurrences.get()
    with django_capture_on_commit_callbacks(execute=True):
        register(make_user(), occurrence)
        register(make_user(), occurrence)
    bodies = {m.subject: m.body for m in mail.outbox}
    confirmed = next(b for s, b in bodies.items() if "registered" in s.lower())
    waiting = next(b for s, b in bodies.items() if "waitlist" in s.lower())
    assert MEETING in confirmed
    assert MEETING not in waiting


def test_hosts_map_and_share_links(client, make_user, make_group, make_venue, seated_event):
    host = make_user(name="Olivia Organizer")
    group = make_group("Mississauga Smart City")
    group.organizers.add(host)
    group.save()
    venue = make_venue(name="UTM Innovation Complex", latitude="43.548100", longitude="-79.663200")
    event = seated_event(title="Tech and the City", group=group, venue=venue)
    html = client.get(event.url).content.decode()
    hosts = re.search(r'<section class="panel hosts".*?</section>', html, re.S).group(0)
    assert "Mississauga Smart City" in hosts and "Olivia Organizer" in hosts
    assert "https://www.openstreetmap.org/?mlat=43.5481&amp;mlon=-79.6632" in html
    assert "https://www.openstreetmap.org/directions?to=43.5481%2C-79.6632" in html
    for network in ("mastodon", "bluesky", "x", "linkedin", "email"):
        assert f'data-share="{network}"' in html
    assert "Tech+and+the+City" in html  # the title travels in the share text
    assert "data-copy-source" in html and "Copy link" in html
    assert "<script src=" in html and "<script>" not in html  # no inline or third-party script


def test_online_link_in_the_reminder_email(make_user, seated_event, django_capture_on_commit_callbacks):
    from events.services.messaging import send_reminders

    event = seated_event(online_url=MEETING, start_date=timezone.localdate() + datetime.timedelta(days=3))
    occurrence = event.occurrences.get()
    register(make_user(), occurrence)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=occurrence.start - datetime.timedelta(hours=20))
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Tomorrow") and MEETING in reminder.body
