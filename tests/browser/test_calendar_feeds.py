import pytest

from .conftest import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_feed_cache():
    from django.core.cache import cache

    from events.feeds.build import forget_bodies

    cache.clear()
    forget_bodies()


@pytest.fixture
def demo():
    from cms.demo import load_demo

    load_demo()


def _log_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_follower_follows_a_group_and_subscribes_to_their_private_feed(demo, live_server, phone_page, make_user):
    import icalendar

    from events.models import EventPage

    page = phone_page
    _log_in(page, live_server, make_user(email="follower@example.org"))
    page.goto(live_server.url + "/groups/civic-tech-toronto/")
    assert (
        page.get_by_role("link", name="Google Calendar")
        .first.get_attribute("href")
        .startswith("https://calendar.google.com/calendar/render?cid=webcal")
    )
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Follow this group").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Unfollow").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "group-followed-phone")

    page.get_by_role("link", name="My calendar feed").click()
    page.wait_for_url("**/calendar/me/")
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calendar-settings-phone")
    address = page.get_by_label("Private calendar address").input_value()
    assert "/calendar/me/" in address and address.endswith(".ics")

    feed = page.request.get(address.replace("http://testserver", live_server.url))
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")}
    group_events = set(
        EventPage.objects.live().filter(group__slug="civic-tech-toronto").values_list("title", flat=True)
    )
    assert group_events and group_events <= {s.removeprefix("Cancelled: ") for s in summaries}

    page.get_by_role("link", name="Replace with a new address").click()
    page.wait_for_url("**/calendar/me/regenerate/**")
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="No, keep it").click()  # backing out keeps the address
    page.wait_for_url("**/calendar/me/")
    assert page.get_by_label("Private calendar address").input_value() == address
    page.get_by_role("link", name="Replace with a new address").click()
    page.get_by_role("button", name="Yes, replace the address").click()
    page.wait_for_url("**/calendar/me/")
    assert page.get_by_label("Private calendar address").input_value() != address
    assert page.request.get(address.replace("http://testserver", live_server.url)).status == 404


def test_event_page_offers_add_to_calendar(demo, live_server, page):
    page.goto(live_server.url + "/events/civic-tech-toronto-hacknight/")
    panel = page.get_by_role("region", name="Add to calendar")
    download = panel.get_by_role("link", name="Download all dates (.ics)").get_attribute("href")
    assert page.request.get(live_server.url + download).status == 200
    assert "calendar.google.com" in panel.get_by_role("link", name="Google Calendar").get_attribute("href")
    assert serious_axe_violations(page) == []
