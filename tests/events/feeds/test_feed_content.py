"""What a subscriber's calendar shows: every feed parsed with icalendar and expanded with a second,
independent library (recurring-ical-events)."""

import datetime
import zoneinfo

import icalendar
import pytest
import recurring_ical_events

from events.models import EventPage
from events.services.occurrences import cancel_occurrence, move_occurrence

from .conftest import vevents

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def hacknight(make_event, make_group, make_venue):
    # 2026-10-20 is a Tuesday; daylight saving time ends in Toronto on 2026-11-01.
    group = make_group(title="Civic Tech Toronto", slug="civic-tech-toronto")
    venue = make_venue(name="Centre for Social Innovation", latitude=43.6532, longitude=-79.3832)
    event = make_event(
        title="Weekly hacknight",
        start_date=datetime.date(2026, 10, 20),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(21, 0),
        repeat="weekly",
        group=group,
        venue=venue,
        kind="hacknight",
        tags=["open data"],
    )
    dates = {o.original_date: o for o in event.occurrences.all()}
    cancel_occurrence(dates[datetime.date(2026, 10, 27)], note="Holiday")
    move_occurrence(
        dates[datetime.date(2026, 11, 10)],
        datetime.datetime(2026, 11, 11, 19, 0, tzinfo=TORONTO),
        datetime.datetime(2026, 11, 11, 21, 30, tzinfo=TORONTO),
    )
    return EventPage.objects.get(pk=event.pk)


def _expand(calendar, start, end):
    return sorted(recurring_ical_events.of(calendar).between(start, end), key=lambda e: e["DTSTART"].dt)


@pytest.mark.parametrize(
    "url", ["/calendar/events.ics", "/calendar/events/{pk}.ics", "/calendar/groups/civic-tech-toronto.ics"]
)
def test_weekly_series_keeps_local_time_across_dst_with_cancelled_and_moved_dates(fetch, hacknight, url):
    _, calendar = fetch(url.format(pk=hacknight.pk))
    instances = _expand(calendar, datetime.date(2026, 10, 19), datetime.date(2026, 12, 2))
    starts = [i["DTSTART"].dt.astimezone(TORONTO) for i in instances]
    tuesdays = [s for s in starts if s.weekday() == 1]
    assert [s.date() for s in tuesdays] == [
        datetime.date(2026, 10, 20),
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 17),
        datetime.date(2026, 11, 24),
        datetime.date(2026, 12, 1),
    ]
    assert {s.time() for s in tuesdays} == {datetime.time(18, 30)}
    # 18:30 EDT is 22:30 UTC, 18:30 EST is 23:30 UTC: the wall clock stays, UTC moves.
    assert [s.astimezone(datetime.UTC).hour for s in tuesdays] == [22, 23, 23, 23, 23]
    assert datetime.date(2026, 10, 27) not in [s.date() for s in starts]
    moved = [s for s in starts if s.date() == datetime.date(2026, 11, 11)]
    assert moved == [datetime.datetime(2026, 11, 11, 19, 0, tzinfo=TORONTO)]
    assert datetime.date(2026, 11, 10) not in [s.date() for s in starts]
    assert len(starts) == 6


def test_series_is_one_vevent_with_rrule_exdate_and_a_recurrence_id_override(fetch, hacknight):
    _, calendar = fetch(f"/calendar/events/{hacknight.pk}.ics")
    events = vevents(calendar)
    uid = f"event-{hacknight.pk}@testserver"
    assert {str(e["UID"]) for e in events} == {uid}
    master = next(e for e in events if "RRULE" in e)
    override = next(e for e in events if "RECURRENCE-ID" in e)
    assert len(events) == 2
    assert master["RRULE"]["FREQ"] == ["WEEKLY"] and master["RRULE"]["BYDAY"] == ["TU"]
    assert master["DTSTART"].params["TZID"] == "America/Toronto"
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert exdates == [datetime.datetime(2026, 10, 27, 18, 30, tzinfo=TORONTO)]
    assert master["EXDATE"].params["TZID"] == "America/Toronto"
    recurrence_id = override["RECURRENCE-ID"]
    assert recurrence_id.dt == datetime.datetime(2026, 11, 10, 18, 30, tzinfo=TORONTO)
    assert recurrence_id.params["TZID"] == master["DTSTART"].params["TZID"]
    assert override["SEQUENCE"] == master["SEQUENCE"] == hacknight.sequence >= 2


def test_vevent_carries_every_property_a_calendar_shows(fetch, hacknight):
    _, calendar = fetch(f"/calendar/events/{hacknight.pk}.ics")
    master = next(e for e in vevents(calendar) if "RRULE" in e)
    page_url = f"http://testserver{hacknight.url}"
    assert str(master["SUMMARY"]) == "Weekly hacknight"
    assert str(master["URL"]) == page_url
    assert page_url in str(master["DESCRIPTION"])
    assert "Centre for Social Innovation" in str(master["LOCATION"])
    assert master["GEO"].latitude == pytest.approx(43.6532) and master["GEO"].longitude == pytest.approx(-79.3832)
    # The group has no contact email: no ORGANIZER (it must be a cal-address), the group is in the description.
    assert "ORGANIZER" not in master
    assert f"Organized by Civic Tech Toronto: http://testserver{hacknight.group.url}" in str(master["DESCRIPTION"])
    assert list(master["CATEGORIES"].cats) == ["Hacknight", "open data"]
    assert str(master["STATUS"]) == "CONFIRMED"
    modified = hacknight.calendar_modified_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert master["DTSTAMP"].dt == modified and master["LAST-MODIFIED"].dt == modified


def test_calendar_level_properties_and_no_method(fetch, hacknight):
    response, calendar = fetch("/calendar/events.ics")
    assert str(calendar["VERSION"]) == "2.0"
    assert "Convene" in str(calendar["PRODID"])
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Convene: all events"
    assert str(calendar["X-WR-CALDESC"])
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Toronto"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content
    assert "METHOD" not in calendar
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_every_tzid_has_a_vtimezone_with_the_zone_rules(fetch, make_event):
    make_event(title="Toronto meetup")
    make_event(title="Berlin meetup", timezone="Europe/Berlin")
    response, calendar = fetch("/calendar/events.ics")
    zones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    used = {e["DTSTART"].params["TZID"] for e in vevents(calendar)} | {
        e["DTEND"].params["TZID"] for e in vevents(calendar)
    }
    assert used == set(zones) == {"America/Toronto", "Europe/Berlin"}
    for name, component in zones.items():
        assert component.walk("STANDARD") and component.walk("DAYLIGHT")
        # The VTIMEZONE alone (not the zone name) gives the right offsets, for years to come.
        from_vtimezone = component.to_tz()
        reference = zoneinfo.ZoneInfo(name)
        for month in range(1, 13):
            for year in (2026, 2030):
                moment = datetime.datetime(year, month, 15, 12, 0)
                assert moment.replace(tzinfo=from_vtimezone).utcoffset() == moment.replace(tzinfo=reference).utcoffset()


def test_all_day_event_uses_dates_with_an_exclusive_end(fetch, make_event):
    event = make_event(
        title="Open Data Day",
        all_day=True,
        start_time=None,
        end_time=None,
        start_date=datetime.date(2027, 3, 6),
        end_date=datetime.date(2027, 3, 7),
    )
    response, calendar = fetch(f"/calendar/events/{event.pk}.ics")
    (vevent,) = vevents(calendar)
    assert vevent["DTSTART"].dt == datetime.date(2027, 3, 6)
    assert vevent["DTEND"].dt == datetime.date(2027, 3, 8)
    assert b"DTSTART;VALUE=DATE:20270306" in response.content
    assert b"DTEND;VALUE=DATE:20270308" in response.content
    instances = _expand(calendar, datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
    assert len(instances) == 1


def test_all_day_series_overrides_use_dates_too(fetch, make_event):
    event = make_event(
        title="Monthly open data cleanup",
        all_day=True,
        start_time=None,
        end_time=None,
        start_date=datetime.date(2026, 10, 3),
        repeat="monthly",
    )
    dates = {o.original_date: o for o in event.occurrences.all()}
    cancel_occurrence(dates[datetime.date(2026, 11, 7)])
    response, calendar = fetch(f"/calendar/events/{event.pk}.ics")
    assert b"EXDATE;VALUE=DATE:20261107" in response.content
    instances = _expand(calendar, datetime.date(2026, 10, 1), datetime.date(2027, 1, 1))
    assert [i["DTSTART"].dt for i in instances] == [datetime.date(2026, 10, 3), datetime.date(2026, 12, 5)]


def test_cancelled_event_stays_with_status_cancelled_and_a_raised_sequence(fetch, make_event):
    event = make_event(title="Design jam")
    before = EventPage.objects.get(pk=event.pk).sequence
    event = EventPage.objects.get(pk=event.pk)
    event.status = "cancelled"
    event.save_revision().publish()
    _, calendar = fetch("/calendar/events.ics")
    (vevent,) = vevents(calendar, f"event-{event.pk}@testserver")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == "Cancelled: Design jam"
    assert vevent["SEQUENCE"] > before


def test_cancelled_single_date_shows_cancelled(fetch, make_event):
    event = make_event(title="Meetup")
    cancel_occurrence(event.occurrences.get())
    _, calendar = fetch("/calendar/events.ics")
    (vevent,) = vevents(calendar)
    assert str(vevent["STATUS"]) == "CANCELLED" and vevent["SEQUENCE"] == 1


def test_uid_survives_a_new_title_and_slug(fetch, make_event, committed):
    event = make_event(title="Old title")
    _, calendar = fetch("/calendar/events.ics")
    (before,) = vevents(calendar)
    with committed():
        event = EventPage.objects.get(pk=event.pk)
        event.title, event.slug = "New title", "new-title"
        event.save_revision().publish()
    _, calendar = fetch("/calendar/events.ics")
    (after,) = vevents(calendar)
    assert str(after["UID"]) == str(before["UID"]) == f"event-{event.pk}@testserver"
    assert str(after["SUMMARY"]) == "New title" and str(after["URL"]).endswith("/new-title/")


def test_window_keeps_the_last_thirty_days(fetch, make_event, settings):
    today = datetime.date.today()
    make_event(title="Ten days ago", start_date=today - datetime.timedelta(days=10))
    make_event(title="Forty days ago", start_date=today - datetime.timedelta(days=40))
    make_event(title="Next week")
    _, calendar = fetch("/calendar/events.ics")
    assert {str(e["SUMMARY"]) for e in vevents(calendar)} == {"Ten days ago", "Next week"}
    settings.CONVENE_CALENDAR_PAST_DAYS = 60
    _, calendar = fetch("/calendar/events.ics")
    assert {str(e["SUMMARY"]) for e in vevents(calendar)} == {"Ten days ago", "Forty days ago", "Next week"}


def test_filtered_feeds_hold_only_their_events(fetch, make_event, make_group):
    group = make_group(slug="hackernest")
    make_event(title="Group meetup", group=group)
    make_event(title="Hackathon", kind="hackathon", tags=["transit"])
    make_event(title="Unpublished", publish=False, live=False, group=group)

    def titles(url):
        return sorted(str(e["SUMMARY"]) for e in vevents(fetch(url)[1]))

    assert titles("/calendar/events.ics") == ["Group meetup", "Hackathon"]
    assert titles("/calendar/groups/hackernest.ics") == ["Group meetup"]
    assert titles("/calendar/kinds/hackathon.ics") == ["Hackathon"]
    assert titles("/calendar/kinds/workshop.ics") == []
    assert titles("/calendar/tags/transit.ics") == ["Hackathon"]
    _, calendar = fetch("/calendar/groups/hackernest.ics")
    assert str(calendar["X-WR-CALNAME"]) == f"Convene: {group.title}"


def test_feed_parses_as_strict_rfc5545(fetch, hacknight):
    response, _ = fetch("/calendar/events.ics")
    icalendar.Calendar.from_ical(response.content.decode())
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n") and response.content.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in response.content.replace(b"\r\n", b"")
