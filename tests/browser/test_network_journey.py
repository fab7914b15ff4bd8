"""The network pages in a browser at 1280 and 390 px: someone submits an event, the group's organizer
publishes it from the moderation queue and declines another with a reason (the submitter gets an email),
and an imported date's card in the listing says where it is hosted and links there. Each page axe-clean
and without sideways scrolling; screenshots in artifacts/."""

import datetime

import pytest
from django.core import mail

from .conftest import screenshot, serious_axe_violations
from .test_registration_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def check(page, name):
    assert no_sideways_scroll(page), name
    assert serious_axe_violations(page) == [], name
    screenshot(page, name)


@pytest.fixture
def network(make_user, make_group, make_event):
    from calendars.models import CalendarSource, ImportedEvent

    group = make_group("Civic Tech Ottawa", slug="ctottawa", city="Ottawa")
    organizer = make_user(name="Olu Organizer", email="olu@example.org")
    group.organizers.add(organizer)
    group.save()
    make_event("Ottawa data night", group=group)
    source = CalendarSource.objects.create(
        url="https://www.meetup.com/civic-tech-ottawa/events/ical/", group=group, default_kind="hacknight"
    )
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    imported = ImportedEvent.objects.create(
        source=source,
        uid="event_1@meetup.com",
        title="Ottawa hacknight: open budgets with a long title that wraps on a phone",
        location="Bayview Yards, 7 Bayview Station Road, Ottawa",
        url="https://www.meetup.com/civic-tech-ottawa/events/312345678/",
        start=start,
        end=start + datetime.timedelta(hours=2),
        fingerprint="x",
    )
    return {"group": group, "organizer": organizer, "imported": imported}


def _submit(page, live_server, title, name):
    page.goto(live_server.url + "/submit-event/")
    check(page, f"{name}-empty")
    day = datetime.date.today() + datetime.timedelta(days=9)
    page.get_by_label("Group").select_option(label="Civic Tech Ottawa")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("18:00")
    page.get_by_label("Ends at").fill("20:30")
    page.get_by_label("Time zone").select_option("America/Toronto")
    page.get_by_label("Place").fill("Ottawa Public Library, 120 Metcalfe Street")
    page.get_by_label("Description").fill("Plain text, no HTML.")
    page.get_by_label("Link to the event's page").fill("https://www.eventbrite.ca/e/open-budgets-1234")
    page.get_by_label("Topics").fill("open data, budgets")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/submit-event/")
    assert "Your event waits for a moderator" in page.inner_text("main")
    check(page, f"{name}-sent")


@pytest.mark.parametrize("width", [1280, 390])
def test_submit_moderate_and_see_imported_cards(live_server, browser, network, make_user, width):
    from calendars.models import EventSubmission

    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        submitter = make_user(name="Nadia Neighbour", email="nadia@example.org")
        log_in(page, live_server, submitter)
        _submit(page, live_server, "Open budgets night", f"network-submit-{width}")
        _submit(page, live_server, "Crypto pitch", f"network-submit2-{width}")
        assert EventSubmission.objects.filter(status="pending").count() == 2

        page.context.clear_cookies()
        log_in(page, live_server, network["organizer"])
        page.goto(live_server.url + "/organize/submissions/")
        check(page, f"network-queue-{width}")
        page.get_by_role("link", name="Open budgets night").click()
        page.wait_for_url("**/organize/submissions/*/")
        check(page, f"network-review-{width}")
        page.get_by_label("Publish").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/organize/submissions/")
        page.get_by_role("link", name="Crypto pitch").click()
        page.wait_for_url("**/organize/submissions/*/")
        page.get_by_label("Decline").check()
        page.get_by_role("button", name="Save").click()
        assert "Give the submitter a reason for declining." in page.inner_text("main")
        check(page, f"network-review-errors-{width}")
        page.get_by_label("Reason for declining").fill("We list civic tech events only.")
        page.get_by_label("Decline").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/organize/submissions/")
        assert "Nothing waits for review." in page.inner_text("main")
        declined = [m for m in mail.outbox if "Crypto pitch" in m.subject]
        assert len(declined) == 1 and declined[0].to == ["nadia@example.org"]
        assert "We list civic tech events only." in declined[0].body

        page.goto(live_server.url + "/events/")
        card = page.locator("article.event-card--imported", has_text="Ottawa hacknight")
        assert "Hosted on meetup.com" in card.inner_text()
        link = card.get_by_role("link", name=network["imported"].title)
        assert link.get_attribute("href") == network["imported"].url
        submitted = page.locator("article.event-card--imported", has_text="Open budgets night")
        assert "Hosted on eventbrite.ca" in submitted.inner_text()
        assert "Crypto pitch" not in page.inner_text("main")
        check(page, f"network-listing-{width}")
        page.goto(live_server.url + network["group"].url)
        assert page.locator("article.event-card--imported").count() == 2
        check(page, f"network-group-{width}")
    finally:
        context.close()
