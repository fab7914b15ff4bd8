import datetime
import json
import re

import pytest

from events.services.occurrences import cancel_occurrence, move_occurrence

pytestmark = pytest.mark.django_db


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def hack_day(make_event, make_group, make_venue):
    group = make_group("Mississauga Smart City", city="Mississauga")
    venue = make_venue(name="UTM Innovation Complex", city="Mississauga", latitude="43.5481", longitude="-79.6632")
    return make_event(
        "Tech and the City hack day",
        kind="hackathon",
        group=group,
        venue=venue,
        summary="Build with the City's open data.",
        start_date=datetime.date(2030, 6, 8),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(18, 0),
    )


def test_event_page_has_schema_org_event(client, hack_day):
    html = client.get(hack_day.url).content.decode()
    data = _json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Tech and the City hack day"
    assert data["startDate"] == "2030-06-08T09:00:00-04:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "UTM Innovation Complex"
    assert data["location"]["geo"]["latitude"] == pytest.approx(43.5481)
    assert data["organizer"]["name"] == "Mississauga Smart City"


def test_event_page_has_open_graph_tags_and_shows_time_in_the_events_zone(client, hack_day):
    html = client.get(hack_day.url).content.decode()
    assert '<meta property="og:title" content="Tech and the City hack day">' in html
    assert '<meta property="og:description" content="Build with the City&#x27;s open data.">' in html
    assert "Sat, Jun 8, 2030, 9 a.m. – 6 p.m. EDT" in html


def test_event_in_another_zone_is_shown_in_its_own_zone(client, make_event):
    event = make_event(
        "Fredericton hacknight",
        timezone="America/Moncton",
        start_date=datetime.date(2030, 1, 15),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 30),
    )
    html = client.get(event.url).content.decode()
    assert "Tue, Jan 15, 2030, 6:30 p.m. – 8:30 p.m. AST" in html
    assert _json_ld(html)["startDate"] == "2030-01-15T18:30:00-04:00"


def test_online_event_attendance_mode(client, make_event):
    event = make_event(online_url="https://meet.example.org/room")
    data = _json_ld(client.get(event.url).content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    # The meeting link is for registered people; search engines get the event page.
    assert data["location"] == {"@type": "VirtualLocation", "url": "http://testserver" + event.url}


def test_cancelled_event_is_marked_cancelled(client, hack_day):
    hack_day.status = "cancelled"
    hack_day.save_revision().publish()
    html = client.get(hack_day.url).content.decode()
    assert _json_ld(html)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "This event has been cancelled." in html


def test_series_page_lists_dates_and_a_chosen_date(client, make_event):
    event = make_event(
        "Weekly hacknight",
        kind="hacknight",
        start_date=datetime.date.today() + datetime.timedelta(days=1),
        repeat="weekly",
    )
    second, third = event.occurrences.order_by("start")[1:3]
    cancel_occurrence(second, note="Holiday break")
    moved_start = third.start + datetime.timedelta(hours=1)
    move_occurrence(third, moved_start, moved_start + datetime.timedelta(hours=2))

    html = client.get(event.url).content.decode()
    assert "Holiday break" in html and "New time" in html

    response = client.get(f"{event.url}?date={second.original_date.isoformat()}")
    assert response.context["selected_date"].pk == second.pk
    assert _json_ld(response.content.decode())["eventStatus"] == "https://schema.org/EventCancelled"
    moved = client.get(f"{event.url}?date={third.original_date.isoformat()}")
    assert _json_ld(moved.content.decode())["eventStatus"] == "https://schema.org/EventRescheduled"


@pytest.mark.parametrize("value", ["not-a-date", "2030-02-30", "", "9999-99-99", "x" * 500])
def test_malformed_date_parameter_falls_back_to_the_next_date(client, hack_day, value):
    response = client.get(f"{hack_day.url}?date={value}")
    assert response.status_code == 200
    assert response.context["selected_date"] == hack_day.occurrences.get()


def test_group_page_lists_its_upcoming_events_only(client, make_group, make_event):
    group = make_group("Civic Tech Toronto")
    other = make_group("Civic Tech Ottawa")
    make_event("Toronto hacknight", group=group)
    make_event("Ottawa hacknight", group=other)
    make_event("Old Toronto event", group=group, start_date=datetime.date(2020, 1, 7))
    response = client.get(group.url)
    titles = [o.event.title for o in response.context["upcoming"]]
    assert titles == ["Toronto hacknight"]


def test_event_validation_rejects_impossible_times(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.end_time = datetime.time(17, 0)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "end_time" in excinfo.value.message_dict
    event.end_time, event.repeat_until = datetime.time(21, 0), datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "repeat_until" in excinfo.value.message_dict
