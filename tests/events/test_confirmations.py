"""Destructive one-click actions ask first: cancelling a registration (or leaving a waitlist)."""

import datetime

import pytest
from django.urls import reverse

from events.models import Registration
from events.services.registration import register

pytestmark = pytest.mark.django_db


def test_cancelling_asks_first_and_the_get_changes_nothing(client, make_user, seated_event):
    event = seated_event(capacity=5, title="Open Data Day")
    user = make_user()
    registration = register(user, event.occurrences.get())
    client.force_login(user)
    me = client.get(reverse("events:me")).content.decode()
    cancel = reverse("events:cancel", args=[registration.pk])
    assert f'href="{cancel}"' in me  # a link to the question, not a form that cancels

    page = client.get(cancel)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cancel your registration?" in text and "Open Data Day" in text and "Yes, cancel my registration" in text
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    response = client.post(cancel)
    assert response["Location"] == reverse("events:me")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert "already cancelled" in client.get(cancel).content.decode()


def test_leaving_the_waitlist_says_so(client, make_user, seated_event):
    event = seated_event(capacity=1)
    occurrence = event.occurrences.get()
    register(make_user(), occurrence)
    waiting = make_user()
    registration = register(waiting, occurrence)
    assert registration.status == "waitlisted"
    client.force_login(waiting)
    page = client.get(reverse("events:cancel", args=[registration.pk])).content.decode()
    assert "Leave the waitlist?" in page and "end of the waitlist" in page
    response = client.post(reverse("events:cancel", args=[registration.pk]), follow=True)
    assert "You left the waitlist." in response.content.decode()


def test_after_the_deadline_the_page_says_why_and_offers_no_button(client, make_user, seated_event):
    event = seated_event(capacity=5, cancellation_deadline_hours=24 * 30)
    user = make_user()
    registration = register(user, event.occurrences.get())
    client.force_login(user)
    page = client.get(reverse("events:cancel", args=[registration.pk])).content.decode()
    assert "deadline for this date has passed" in page and "Yes, cancel" not in page


def test_no_one_else_can_see_or_cancel_a_registration(client, make_user, seated_event):
    event = seated_event(capacity=5)
    registration = register(make_user(), event.occurrences.get())
    client.force_login(make_user())
    assert client.get(reverse("events:cancel", args=[registration.pk])).status_code == 404
    assert client.post(reverse("events:cancel", args=[registration.pk])).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    assert client.get(reverse("events:cancel", args=[99999999999999999])).status_code == 404


def test_cancel_page_needs_a_login(client, make_user, seated_event):
    event = seated_event(capacity=5, start_date=datetime.date.today() + datetime.timedelta(days=9))
    registration = register(make_user(), event.occurrences.get())
    response = client.get(reverse("events:cancel", args=[registration.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
