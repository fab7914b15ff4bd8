"""A newcomer signs up, confirms the email (read from the outbox), fills in the profile, registers for an
event and finds the ticket: at desktop width and on a 390 px phone, with axe on every page."""

import re
import uuid

import pytest
from django.core import mail

from accounts.models import User
from events.models import Registration

from .conftest import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a sturdy passphrase 2026"


def _check(page, name, width):
    assert serious_axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_sign_up_verify_profile_register_ticket(request, viewport, live_server, make_event, make_group):
    page = request.getfixturevalue(viewport)
    width = page.viewport_size["width"]
    email = f"ada.{uuid.uuid4().hex[:8]}@example.org"
    group = make_group(title="Civic Tech Toronto", slug="ctto")
    event = make_event(title="Civic Tech Toronto hacknight", group=group, capacity=30)

    page.goto(live_server.url + event.url)
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/**")
    _check(page, "signup", width)
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Verify Your Email Address"
    _check(page, "verification-sent", width)

    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    assert message.body.startswith("Hello Ada Lovelace,")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(live_server.url + link)
    _check(page, "confirm-email", width)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{event.url}")  # back where the person started

    page.get_by_role("link", name="My account").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_label("Display name").input_value() == "Ada Lovelace"
    page.get_by_label("Pronouns (optional)").fill("she/her")
    page.get_by_label("Skills").fill("Python, data analysis")
    page.get_by_label("Show my public profile page").check()
    _check(page, "profile", width)
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    user = User.objects.get(email=email)
    assert (user.pronouns, user.skills, user.public_profile) == ("she/her", ["Python", "data analysis"], True)
    page.get_by_role("link", name="See your public profile").click()
    page.get_by_role("heading", name="Ada Lovelace").wait_for()
    assert email not in page.content()
    _check(page, "public-profile", width)

    page.goto(live_server.url + event.url)
    panel = page.get_by_role("region", name="Register")
    panel.get_by_role("button", name="Register").click()
    page.wait_for_url("**/me/")
    registration = Registration.objects.get(user=user)
    assert registration.status == "confirmed"
    assert page.get_by_text(registration.code, exact=True).is_visible()
    _check(page, "ticket", width)

    page.get_by_role("link", name="Cancel registration").click()
    page.get_by_role("heading", name="Cancel your registration?").wait_for()
    _check(page, "cancel-confirm", width)
    page.get_by_role("link", name="No, keep it").click()
    page.wait_for_url("**/me/")
    registration.refresh_from_db()
    assert registration.status == "confirmed"
