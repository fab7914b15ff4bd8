"""The participant's side over HTTP: the registration panel, registering, /me/ with tickets, cancelling."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from events.models import Registration
from events.services.registration import register

pytestmark = pytest.mark.django_db


def test_event_page_shows_seats_left_and_a_login_link_to_visitors(client, seated_event):
    event = seated_event(capacity=12)
    response = client.get(event.url)
    html = response.content.decode()
    assert "12 seats left" in html
    assert "Log in to register" in html


def test_series_panel_registers_for_the_chosen_date(client, make_user, seated_event):
    start = timezone.localdate() + datetime.timedelta(days=3)
    event = seated_event(capacity=5, repeat="weekly", start_date=start)
    second = event.occurrences.order_by("start")[1]
    user = make_user()
    client.force_login(user)
    response = client.get(f"{event.url}?date={second.original_date:%Y-%m-%d}")
    assert reverse("events:register", args=[second.pk]) in response.content.decode()
    response = client.post(reverse("events:register", args=[second.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("events:me")
    assert Registration.objects.get(user=user).occurrence == second


def test_register_then_see_the_ticket_with_a_qr_code_and_cancel_it(client, make_user, seated_event):
    event = seated_event(title="Open Data Day", capacity=3, questions=[("Dietary needs", "text", True, "")])
    occurrence = event.occurrences.get()
    question = event.questions.get()
    user = make_user()
    client.force_login(user)
    url = reverse("events:register", args=[occurrence.pk])
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "This field is required" in missing.content.decode()
    assert not Registration.objects.exists()
    client.post(url, {f"reg{occurrence.pk}-q{question.pk}": "vegetarian"})
    registration = Registration.objects.get(user=user)
    assert registration.status == "confirmed" and registration.answers == {str(question.pk): "vegetarian"}

    me = client.get(reverse("events:me")).content.decode()
    assert "Open Data Day" in me and registration.code in me and "<svg" in me
    assert "Cancel registration" in me
    client.post(reverse("events:cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_full_event_offers_the_waitlist(client, make_user, seated_event):
    event = seated_event(capacity=1)
    occurrence = event.occurrences.get()
    register(make_user(), occurrence)
    client.force_login(make_user())
    assert "Join the waitlist" in client.get(event.url).content.decode()
    client.post(reverse("events:register", args=[occurrence.pk]))
    assert "waitlist" in client.get(reverse("events:me")).content.decode()


def test_closed_event_page_says_why_and_post_changes_nothing(client, make_user, seated_event):
    event = seated_event(status="cancelled")
    occurrence = event.occurrences.get()
    client.force_login(make_user())
    assert "cancelled" in client.get(event.url).content.decode()
    response = client.post(reverse("events:register", args=[occurrence.pk]))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_someone_elses_registration_cannot_be_cancelled(client, make_user, seated_event):
    registration = register(make_user(), seated_event().occurrences.get())
    client.force_login(make_user())
    assert client.post(reverse("events:cancel", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_me_requires_login_and_renders_other_apps_panels(client, make_user):
    assert client.get(reverse("events:me")).status_code == 302
    client.force_login(make_user())
    with hooks.register_temporarily("convene_me_panels", lambda request: "<section>My teams panel</section>"):
        assert "My teams panel" in client.get(reverse("events:me")).content.decode()


def test_unknown_date_is_404_not_500(client, make_user):
    client.force_login(make_user())
    assert client.post(reverse("events:register", args=[999999])).status_code == 404


def test_me_page_queries_do_not_grow_with_the_number_of_registrations(
    client, make_user, seated_event, django_assert_max_num_queries
):
    user = make_user()
    client.force_login(user)
    register(user, seated_event().occurrences.get())
    client.get(reverse("events:me"))  # warm the site and content type caches
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("events:me"))
    for _ in range(5):
        register(user, seated_event().occurrences.get())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("events:me")).status_code == 200


def test_the_ticket_is_a_full_qr_code_that_phone_cameras_read(seated_event, make_user):
    """segno.make picks a Micro QR for a 10-character code, which neither BarcodeDetector nor jsQR reads."""
    import re

    from events.tickets import ticket_qr_svg

    registration = register(make_user(), seated_event().occurrences.get())
    width = int(re.search(r'width="(\d+)"', ticket_qr_svg(registration)).group(1))
    assert width >= (21 + 2 * 2) * 5  # version 1 QR: 21 modules and the border, at scale 5 (Micro QR: 19 or less)


def test_the_full_screen_ticket_is_for_its_holder_only(client, seated_event, make_user):
    event = seated_event(capacity=1, title="Open Data Day")
    occurrence = event.occurrences.get()
    holder = make_user(name="Ada Lovelace")
    registration = register(holder, occurrence)
    waiting = register(make_user(), occurrence)
    url = reverse("events:ticket", args=[registration.pk])
    client.force_login(holder)
    html = client.get(url).content.decode()
    assert "Ada Lovelace" in html and registration.code in html and "Open Data Day" in html and "<svg" in html
    assert url in client.get(reverse("events:me")).content.decode()
    client.force_login(make_user())
    assert client.get(url).status_code == 404  # someone else's ticket
    client.force_login(waiting.user)
    assert client.get(reverse("events:ticket", args=[waiting.pk])).status_code == 404  # not a ticket yet
