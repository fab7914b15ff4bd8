import pytest

from .conftest import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    from cms.demo import load_demo

    load_demo()


def test_visitor_finds_a_hackathon_from_the_home_page(demo, live_server, page):
    page.goto(live_server.url + "/")
    assert serious_axe_violations(page) == []
    screenshot(page, "home-desktop")

    page.get_by_role("link", name="Find an event").click()
    page.wait_for_url("**/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "Upcoming events"
    assert serious_axe_violations(page) == []
    screenshot(page, "listing-desktop")

    page.get_by_label("Kind").select_option("hackathon")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/events/?*kind=hackathon*")
    titles = page.locator(".event-card__title").all_inner_texts()
    assert "Tech and the City hack day" in titles
    assert all("hacknight" not in t.lower() for t in titles)

    page.get_by_role("link", name="Tech and the City hack day").click()
    page.wait_for_url("**/events/tech-and-the-city-hack-day/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tech and the City hack day"
    assert "UTM Innovation Complex" in page.locator("aside").inner_text()
    assert serious_axe_violations(page) == []
    screenshot(page, "event-desktop")


@pytest.mark.parametrize(
    "path,name",
    [
        ("/", "home"),
        ("/events/", "listing"),
        ("/events/civic-tech-toronto-hacknight/", "event"),
        ("/groups/civic-tech-toronto/", "group"),
    ],
)
def test_main_pages_work_on_a_phone(demo, live_server, phone_page, path, name):
    phone_page.goto(live_server.url + path)
    assert serious_axe_violations(phone_page) == []
    # Nothing wider than the screen: no sideways scrolling on a 390 px phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, f"{name}-phone")


def test_keyboard_user_can_skip_to_content(demo, live_server, page):
    page.goto(live_server.url + "/events/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
