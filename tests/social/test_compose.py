"""What the week's post says: the right events, in order, in each event's zone, fitted to each network."""

import datetime

import pytest

from events.services.occurrences import cancel_occurrence
from social.exceptions import SocialError
from social.services.compose import Week, compose_for_channel, compose_week, select_occurrences
from social.text import LIMITS, measure


def _titles(occurrences):
    return [o.event.title for o in occurrences]


def test_week_parsing_rejects_bad_input():
    assert str(Week.parse("2026-W48")) == "2026-W48"
    assert Week.parse("2026-W48").monday == datetime.date(2026, 11, 23)
    for bad in ("2026-48", "2026-W54", "", "W48", "2025-W53"):
        with pytest.raises(SocialError):
            Week.parse(bad)


def test_default_selection_is_civic_tech_tag_or_hacknight_meetup_hackathon(make_event, day, week):
    make_event(title="Hacknight", kind="hacknight", **day(1))
    make_event(title="Workshop tagged civic tech", kind="workshop", tags=["Civic Tech"], **day(2))
    make_event(title="Plain workshop", kind="workshop", **day(2, 12))
    make_event(title="Conference", kind="conference", **day(3))
    make_event(title="Next week's meetup", kind="meetup", **day(8))
    make_event(title="Draft meetup", kind="meetup", publish=False, live=False, **day(4))
    assert _titles(select_occurrences(week)) == ["Hacknight", "Workshop tagged civic tech"]


def test_the_post_covers_the_seven_days_from_its_post_time(make_event, day, week):
    """Posted on Tuesday at 9:00 (the default), the post lists Tuesday 9:00 to the next Tuesday 9:00:
    Monday's meetup is already over when it goes out; the next Monday's is ahead and belongs in it."""
    make_event(title="Monday before the post", kind="meetup", **day(0))
    make_event(title="Tuesday breakfast before the post", kind="meetup", **day(1, 7))
    make_event(title="Tuesday evening", kind="meetup", **day(1))
    make_event(title="Next Monday", kind="meetup", **day(7))
    make_event(title="Next Tuesday evening", kind="meetup", **day(8))
    assert _titles(select_occurrences(week)) == ["Tuesday evening", "Next Monday"]


def test_cancelled_events_and_dates_are_left_out(make_event, day, week):
    make_event(title="Cancelled", kind="meetup", status="cancelled", **day(1))
    series = make_event(title="Weekly", kind="hacknight", repeat="weekly", **day(1))
    cancel_occurrence(series.occurrences.get(original_date=week.monday + datetime.timedelta(days=1)))
    make_event(title="On", kind="meetup", **day(2))
    assert _titles(select_occurrences(week)) == ["On"]


def test_lines_are_in_date_order_with_local_time_zone_group_title_and_dated_link(
    make_event, make_group, make_venue, day, week, settings
):
    group = make_group(title="Civic Tech Toronto")
    late = make_event(title="Late meetup", kind="meetup", group=group, **day(3, 19))
    series = make_event(title="Weekly hacknight", kind="hacknight", repeat="weekly", group=group, **day(1))
    make_event(
        title="Vancouver meetup",
        kind="meetup",
        timezone="America/Vancouver",
        venue=make_venue(city="Vancouver"),
        **day(1, 17),
    )
    (text,) = compose_week(week, "mastodon", 500, select_occurrences(week))
    lines = text.splitlines()
    assert lines[0] == "#CivicTechTuesday"
    assert lines[1] == "3 civic tech events this week:"
    tuesday = week.monday + datetime.timedelta(days=1)
    assert lines[2].startswith(f"{tuesday:%a %b} {tuesday.day}, 6:30 p.m. E")  # EST or EDT, named
    assert " · Civic Tech Toronto · Weekly hacknight " in lines[2]
    assert lines[2].endswith(f"{settings.SITE_URL}{series.url}?date={tuesday:%Y-%m-%d}")
    assert lines[3].startswith(f"{tuesday:%a %b} {tuesday.day}, 5:30 p.m. P")  # Vancouver's own zone
    assert " · Vancouver · Vancouver meetup " in lines[3]
    assert lines[4].endswith(f"{settings.SITE_URL}{late.url}")  # a single event has no ?date=
    assert "Late meetup" in lines[4]


def test_empty_week_composes_nothing(make_channel, week):
    assert compose_for_channel(make_channel("x"), week) == []


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_long_week_becomes_a_thread_that_never_cuts_an_event(make_event, day, week, network):
    titles = [f"Hacknight {n} 🎉 市民科技 with a rather long title to use space" for n in range(14)]
    for n, title in enumerate(titles):
        make_event(title=title, kind="hacknight", **day(1 + n % 7, 10 + n % 10))
    occurrences = select_occurrences(week)
    parts = compose_week(week, network, LIMITS[network], occurrences)
    assert len(parts) > 1
    assert parts[0].startswith("#CivicTechTuesday\n14 civic tech events this week:")
    for part in parts:
        assert measure(network, part) <= LIMITS[network]
    lines = [line for part in parts for line in part.splitlines()][2:]
    assert len(lines) == 14  # each event whole, on one line of one part, once
    assert [line.rsplit(" ", 1)[1] for line in lines] == [line.rsplit(" ", 1)[1] for line in lines]
    assert all(line.endswith(o.event.url) for line, o in zip(lines, occurrences, strict=True))


def test_group_channel_lists_only_its_group(make_event, make_group, make_channel, day, week):
    group = make_group(title="HackerNest Mississauga")
    make_event(title="Ours", kind="workshop", group=group, **day(1))
    make_event(title="Theirs", kind="meetup", **day(1))
    (text,) = compose_for_channel(make_channel("bluesky", group=group), week)
    assert "Ours" in text and "Theirs" not in text
    assert "1 civic tech event this week" in text


def test_title_does_not_repeat_the_group_name(make_event, make_group, day, week):
    group = make_group(title="Civic Tech Toronto")
    make_event(title="Civic Tech Toronto weekly hacknight", kind="hacknight", group=group, **day(1))
    make_event(title="Civic Tech Toronto", kind="meetup", group=group, **day(2))
    (text,) = compose_week(week, "x", 280, select_occurrences(week))
    assert " · Civic Tech Toronto · Weekly hacknight http" in text
    assert " · Civic Tech Toronto · Civic Tech Toronto http" in text  # nothing left to shorten to
