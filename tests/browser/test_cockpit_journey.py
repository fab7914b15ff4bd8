"""An organizer runs their events from a phone: the cockpit, one event's charts, a message with its
preview, the attendee list and check-in, all at 390 px without sideways scrolling and axe-clean."""

import datetime

import pytest

from .conftest import screenshot, serious_axe_violations
from .test_registration_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organizer_world(make_user, make_group, make_event):
    from events.models import Question, Registration
    from events.services.checkin import check_in
    from events.services.registration import register

    organizer = make_user(name="Olu Organizer", email="olu@example.org")
    group = make_group(title="Civic Tech Toronto")
    group.organizers.add(organizer, make_user(name="Tess Teammate"))
    group.save()
    today = datetime.date.today()
    meetup = make_event(title="Open Data Day", group=group, capacity=12)
    Question.objects.create(event=meetup, label="T-shirt size", kind="choice", choices="S\nM\nL")
    occurrence = meetup.occurrences.get()
    for n in range(9):
        reg = register(make_user(name=f"Person {n}"), occurrence, answers={})
        moment = datetime.datetime.combine(today - datetime.timedelta(days=9 - n), datetime.time(12), datetime.UTC)
        Registration.objects.filter(pk=reg.pk).update(created_at=moment)
    series = make_event(
        title="Weekly hacknight",
        group=group,
        capacity=20,
        repeat="weekly",
        start_date=today - datetime.timedelta(days=27),
        repeat_until=today + datetime.timedelta(days=27),
    )
    regulars = [make_user(name=f"Regular {n}") for n in range(5)]
    for index, date in enumerate(d for d in series.occurrences.order_by("start") if d.start.date() < today):
        for person in regulars[: 2 + index]:
            reg = register(person, date, now=date.start - datetime.timedelta(days=1))
            if person is not regulars[0] or index % 2:
                check_in(reg, actor=organizer, now=date.start)
    make_event(title="Last year's workshop", group=group, start_date=today - datetime.timedelta(days=40))
    return {"organizer": organizer, "meetup": meetup, "occurrence": occurrence, "series": series}


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_cockpit_on_a_phone(live_server, phone_page, organizer_world):
    page = phone_page
    log_in(page, live_server, organizer_world["organizer"])
    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="Organize").click()
    page.wait_for_url("**/organize/")
    assert page.get_by_role("heading", name="Open Data Day").is_visible()
    assert "Tess Teammate" in page.inner_text("main")
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "cockpit-phone")
    page.get_by_text("Past event (1)").click()
    assert page.get_by_role("link", name="Last year's workshop").is_visible()

    page.get_by_role("link", name="Weekly hacknight").click()
    page.wait_for_url(f"**/organize/events/{organizer_world['series'].pk}/")
    assert page.get_by_role("img", name="Checked in and no-shows per date").is_visible()
    assert page.get_by_role("table", name="Attendance per date").count() == 1
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "cockpit-series-phone")

    page.goto(live_server.url + f"/organize/events/{organizer_world['meetup'].pk}/")
    assert page.get_by_role("img", name="Registrations over time (still registered, by the day they signed up)")
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "cockpit-event-phone")
    page.get_by_role("link", name="Messages").click()
    page.get_by_label("People on the waitlist").check()
    page.get_by_label("Subject").fill("Seats may open")
    page.get_by_role("textbox", name="Message").fill("We will write if a seat opens.")
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("region", name="Preview").is_visible()
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "messages-preview-phone")
    page.get_by_role("button", name="Send now").click()
    page.wait_for_url("**/organize/emails/*/")
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "message-progress-phone")

    page.goto(live_server.url + f"/organize/dates/{organizer_world['occurrence'].pk}/")
    assert no_sideways_scroll(page) and serious_axe_violations(page) == []
    screenshot(page, "attendees-phone")


def test_the_cockpit_on_a_desktop(live_server, page, organizer_world):
    log_in(page, live_server, organizer_world["organizer"])
    for name, url in [
        ("cockpit-desktop", "/organize/"),
        ("cockpit-series-desktop", f"/organize/events/{organizer_world['series'].pk}/"),
        ("cockpit-event-desktop", f"/organize/events/{organizer_world['meetup'].pk}/"),
        ("messages-desktop", f"/organize/dates/{organizer_world['occurrence'].pk}/email/"),
    ]:
        page.goto(live_server.url + url)
        assert serious_axe_violations(page) == [], url
        screenshot(page, name)


def test_the_ticket_at_the_door_fills_a_phone_screen(live_server, phone_page, organizer_world, make_user):
    from events.services.registration import register

    person = make_user(name="Grace Hopper")
    registration = register(person, organizer_world["occurrence"])
    log_in(phone_page, live_server, person)
    phone_page.goto(live_server.url + "/me/")
    phone_page.get_by_role("link", name="Show at the door").click()
    phone_page.wait_for_url(f"**/me/registrations/{registration.pk}/ticket/")
    qr = phone_page.locator(".ticket-full__qr svg").bounding_box()
    assert qr["width"] >= 340  # nearly the whole 390 px screen
    assert phone_page.get_by_text(registration.code, exact=True).is_visible()
    assert no_sideways_scroll(phone_page) and serious_axe_violations(phone_page) == []
    screenshot(phone_page, "ticket-full-phone")
