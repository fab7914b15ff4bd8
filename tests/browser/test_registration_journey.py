"""A participant registers for a free event in the browser and finds the ticket on /me/; an organizer
checks them in on a phone."""

import pytest
from django.test import Client

from events.models import Question, Registration

from .conftest import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    """Put a real session for `user` into the browser (the login form itself is allauth's, tested there)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_participant_registers_for_a_free_event_and_sees_the_ticket(live_server, page, make_user, make_event):
    event = make_event(title="Civic Tech Toronto hacknight", capacity=30, code_of_conduct_url="https://example.org/coc")
    Question.objects.create(event=event, label="Dietary needs", kind="text", required=False)
    Question.objects.create(event=event, label="T-shirt size", kind="choice", required=True, choices="S\nM\nL")
    user = make_user(name="Ada Lovelace")
    log_in(page, live_server, user)

    page.goto(live_server.url + event.url)
    panel = page.get_by_role("region", name="Register")
    assert "30 seats left" in panel.inner_text()
    assert serious_axe_violations(page) == []
    screenshot(page, "registration-panel-desktop")

    panel.get_by_role("button", name="Register").click()
    # The browser's own validation stops an incomplete form; nothing is created.
    assert not Registration.objects.exists()
    panel.get_by_label("T-shirt size").select_option("M")
    panel.get_by_label("Dietary needs").fill("vegetarian")
    panel.get_by_label("I have read and accept the code of conduct").check()
    panel.get_by_role("button", name="Register").click()
    page.wait_for_url("**/me/")

    registration = Registration.objects.get(user=user)
    assert registration.status == "confirmed"
    assert page.get_by_role("heading", name="Civic Tech Toronto hacknight").is_visible()
    assert page.get_by_text(registration.code, exact=True).is_visible()
    assert page.locator(".ticket__qr svg").is_visible()
    assert "You're registered" in page.locator(".messages").inner_text()
    assert serious_axe_violations(page) == []
    screenshot(page, "me-desktop")

    page.goto(live_server.url + event.url)
    assert "You're registered." in page.get_by_role("region", name="Register").inner_text()


def test_organizer_checks_someone_in_on_a_phone(live_server, phone_page, make_user, make_event, make_group):
    from events.services.registration import register

    organizer = make_user(name="Olu Organizer")
    group = make_group()
    group.organizers.add(organizer)
    group.save()
    event = make_event(title="Open Data Day", group=group, capacity=10)
    occurrence = event.occurrences.get()
    registration = register(make_user(name="Grace Hopper"), occurrence)
    log_in(phone_page, live_server, organizer)

    phone_page.goto(f"{live_server.url}/organize/dates/{occurrence.pk}/check-in/")
    assert serious_axe_violations(phone_page) == []
    phone_page.get_by_role("textbox", name="Ticket code").fill(registration.code)
    phone_page.get_by_role("button", name="Check in", exact=True).click()
    result = phone_page.locator("#check-in-result")
    result.filter(has_text="Grace Hopper is checked in.").wait_for()
    assert phone_page.locator('[data-count="checked_in"]').inner_text() == "1"
    phone_page.get_by_role("textbox", name="Ticket code").fill(registration.code)
    phone_page.get_by_role("button", name="Check in", exact=True).click()
    result.filter(has_text="already checked in").wait_for()
    screenshot(phone_page, "check-in-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    phone_page.get_by_role("link", name="Attendees", exact=True).click()
    phone_page.wait_for_url(f"**/organize/dates/{occurrence.pk}/")
    assert "Grace Hopper" in phone_page.get_by_role("table").inner_text()
    assert serious_axe_violations(phone_page) == []
    screenshot(phone_page, "attendees-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls on its own
