"""Only dates within the import window are read: single events are taken as they stand (not through the
recurrence library) and series are expanded within the window alone; both follow the same window rule."""

import datetime

from calendars.services.parse import parse_feed

NOW = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


def _event(uid, start, extra=""):
    head = f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:{start}\r\n"
    return f"{head}SUMMARY:{uid}\r\n{extra}END:VEVENT\r\n"


def test_single_events_and_series_are_read_within_the_window(settings):
    settings.CONVENE_CALENDAR_IMPORT_PAST_DAYS = 30
    settings.CONVENE_CALENDAR_IMPORT_DAYS_AHEAD = 365
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        + _event("ahead", "20261201T230000Z", "DURATION:PT2H\r\n")
        + _event("far-ahead", "20280101T230000Z", "DTEND:20280102T010000Z\r\n")
        + _event("long-ago", "20261001T230000Z", "DTEND:20261002T010000Z\r\n")
        + _event("recent", "20261101T230000Z", "DTEND:20261102T010000Z\r\n")
        + "BEGIN:VEVENT\r\nUID:all-day\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\n"
        "SUMMARY:all-day\r\nEND:VEVENT\r\n"
        + _event("weekly", "20200107T230000Z", "DTEND:20200108T010000Z\r\nRRULE:FREQ=WEEKLY\r\n")
        + "END:VCALENDAR\r\n"
    )
    dates = parse_feed(body.encode(), default_timezone="America/Toronto", now=NOW)
    singles = {d.uid: d for d in dates if d.uid != "weekly"}
    assert set(singles) == {"ahead", "recent", "all-day"}
    assert singles["ahead"].end - singles["ahead"].start == datetime.timedelta(hours=2)
    assert singles["ahead"].recurrence_id == ""
    assert singles["all-day"].all_day and singles["all-day"].end - singles["all-day"].start == datetime.timedelta(1)
    weekly = sorted(d.start for d in dates if d.uid == "weekly")
    window_start = NOW - datetime.timedelta(days=30)
    window_end = NOW + datetime.timedelta(days=365)
    assert weekly and all(window_start - datetime.timedelta(hours=2) < s < window_end for s in weekly)
    assert len(weekly) in (56, 57)  # every week of the window, nothing from 2020
    assert all(d.recurrence_id for d in dates if d.uid == "weekly")
