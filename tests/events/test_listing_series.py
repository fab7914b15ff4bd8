"""Finding events: a series listed once with a switch to every date, an 'Online' city, who is going
on the cards, the calendar subscription near the top, and a home page that mixes kinds."""

import datetime
import re

import pytest
from django.utils import timezone

from events.services.registration import register

pytestmark = pytest.mark.django_db


def _titles(response):
    return [o.event.title for o in response.context["occurrences"]]


@pytest.fixture
def week(make_event, make_group, make_venue):
    toronto = make_group("Civic Tech Toronto", slug="civic-tech-toronto", city="Toronto")
    today = timezone.localdate()
    tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    return {
        "hacknight": make_event(
            "Weekly hacknight", kind="hacknight", group=toronto, start_date=tuesday, repeat="weekly", capacity=2
        ),
        "hackday": make_event(
            "Tech and the City hack day",
            kind="hackathon",
            venue=make_venue(name="UTM", city="Mississauga"),
            start_date=today + datetime.timedelta(days=40),
        ),
        "webinar": make_event(
            "Open data webinar",
            kind="workshop",
            online_url="https://meet.example.org/room",
            start_date=today + datetime.timedelta(days=5),
        ),
    }


def test_a_series_is_listed_once_at_its_next_date(client, week):
    response = client.get("/events/")
    titles = _titles(response)
    assert titles.count("Weekly hacknight") == 1
    assert "Tech and the City hack day" in titles
    html = response.content.decode()
    assert "Every Tuesday" in html and "Next:" in html
    listed = next(o for o in response.context["occurrences"] if o.event.title == "Weekly hacknight")
    assert listed == week["hacknight"].occurrences.order_by("start").first()


def test_the_switch_shows_every_date_and_keeps_other_filters(client, week):
    html = client.get("/events/?kind=hacknight").content.decode()
    assert 'href="?kind=hacknight&amp;dates=all"' in html
    every = client.get("/events/?kind=hacknight&dates=all")
    assert _titles(every).count("Weekly hacknight") > 4
    assert 'href="?kind=hacknight"' in every.content.decode()  # and back


def test_next_date_skips_a_cancelled_one(client, week):
    from events.services.occurrences import cancel_occurrence

    first = week["hacknight"].occurrences.order_by("start").first()
    cancel_occurrence(first)
    listed = next(o for o in client.get("/events/").context["occurrences"] if o.event.title == "Weekly hacknight")
    assert listed.start > first.start and not listed.is_cancelled


def test_online_is_a_city_choice(client, week):
    html = client.get("/events/").content.decode()
    assert '<option value="online">Online</option>' in html
    assert _titles(client.get("/events/?city=online")) == ["Open data webinar"]
    assert "Open data webinar" not in _titles(client.get("/events/?city=Mississauga"))


def test_cards_say_how_many_are_going_and_when_full(client, make_user, week):
    occurrence = week["hacknight"].occurrences.order_by("start").first()
    for _ in range(3):
        register(make_user(), occurrence)
    html = client.get("/events/?kind=hacknight").content.decode()
    card = re.search(r'<p class="event-card__going".*?</p>', html, re.S).group(0)
    assert "2 going" in card and "Full" in card and "1 on the waitlist" in card


def test_subscribe_box_comes_before_the_cards(client, week):
    html = client.get("/events/").content.decode()
    assert html.index('class="listing-subscribe"') < html.index('class="event-card')


def test_home_page_mixes_kinds(client, make_event, week):
    today = timezone.localdate()
    for n in range(6):
        make_event(f"Hacknight {n}", kind="hacknight", start_date=today + datetime.timedelta(days=1 + n))
    titles = [o.event.title for o in client.get("/").context["next_events"]]
    assert len(titles) == 6
    assert "Tech and the City hack day" in titles  # 40 days out, yet not hidden behind hacknights
    assert "Open data webinar" in titles
    assert titles.count("Weekly hacknight") <= 1


def test_past_listing_shows_a_series_once_at_its_latest_date(client, make_event):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=70)
    weekly = make_event("Old hacknight", kind="hacknight", start_date=start, repeat="weekly")
    make_event("Code and the City", kind="hackathon", start_date=today - datetime.timedelta(days=60))
    response = client.get("/events/?when=past")
    titles = _titles(response)
    assert titles.count("Old hacknight") == 1 and "Code and the City" in titles
    latest = weekly.occurrences.filter(end__lt=timezone.now()).order_by("-start").first()
    assert next(o for o in response.context["occurrences"] if o.event.title == "Old hacknight") == latest
    assert "Last:" in response.content.decode()
    assert _titles(client.get("/events/?when=past&dates=all")).count("Old hacknight") > 5
