"""Dates and times as each language writes them (events.formatting, the `event_when` tag)."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from events.formatting import format_day, local_when, when_range, zone_name


def at(zone, *args):
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


TORONTO = "America/Toronto"


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def test_english_is_unchanged():
    start, end = at(TORONTO, 2026, 11, 24, 18, 30), at(TORONTO, 2026, 11, 24, 21, 0)
    with translation.override("en"):
        assert when_range(start, end, False) == "Tue, Nov 24, 2026, 6:30 p.m. – 9 p.m. EST"
        assert when_range(start, end, False, "short") == "Tue, Nov 24, 6:30 p.m. – 9 p.m. EST"
        day = at(TORONTO, 2026, 12, 19)
        assert when_range(day, day + datetime.timedelta(days=1), True) == "Sat, Dec 19, 2026, all day"


def test_french_evening_in_winter(french):
    start, end = at(TORONTO, 2026, 11, 24, 18, 30), at(TORONTO, 2026, 11, 24, 21, 0)
    assert when_range(start, end, False) == "mardi 24 novembre 2026, 18 h 30 à 21 h (HNE)"
    assert when_range(start, end, False, "short") == "mar. 24 nov., 18 h 30 à 21 h (HNE)"


def test_french_summer_midnight_and_first_of_the_month(french):
    start = at(TORONTO, 2026, 7, 1, 0, 0)
    assert when_range(start, start + datetime.timedelta(hours=2), False) == "mercredi 1er juillet 2026, 0 h à 2 h (HAE)"


def test_french_all_day_and_several_days(french):
    day = at(TORONTO, 2026, 12, 19)
    assert when_range(day, day + datetime.timedelta(days=1), True) == "samedi 19 décembre 2026, toute la journée"
    assert (
        when_range(day, day + datetime.timedelta(days=2), True)
        == "du samedi 19 décembre 2026 au dimanche 20 décembre 2026"
    )
    start = at(TORONTO, 2026, 12, 19, 9, 0)
    assert (
        when_range(start, at(TORONTO, 2026, 12, 20, 17, 0), False)
        == "samedi 19 décembre 2026, 9 h au dimanche 20 décembre, 17 h (HNE)"
    )


@pytest.mark.parametrize(
    "zone,winter,summer",
    [
        ("America/Toronto", "HNE", "HAE"),
        ("America/Halifax", "HNA", "HEA"),
        ("America/Vancouver", "HNP", "HAP"),
        ("America/Winnipeg", "HNC", "HAC"),
        ("America/Edmonton", "HNR", "HAR"),
        ("America/St_Johns", "HNT", "HAT"),
    ],
)
def test_french_zone_abbreviations(french, zone, winter, summer):
    assert zone_name(at(zone, 2026, 1, 15, 12)) == winter
    assert zone_name(at(zone, 2026, 7, 15, 12)) == summer


def test_a_zone_without_a_french_abbreviation_keeps_the_english_one(french):
    assert zone_name(at("Europe/Paris", 2026, 1, 15, 12)) == "CET"
    assert zone_name(at("America/Whitehorse", 2026, 1, 15, 12)) == "MST"


def test_local_when_in_both_languages():
    class Event:
        tz = zoneinfo.ZoneInfo(TORONTO)

    moment = at("UTC", 2026, 11, 28, 23, 30)
    with translation.override("en"):
        assert local_when(moment, Event) == "Sat, Nov 28, 2026, 6:30 p.m. EST"
    with translation.override("fr"):
        assert local_when(moment, Event) == "samedi 28 novembre 2026, 18 h 30 (HNE)"
        assert format_day(moment.date(), "medium") == "sam. 28 nov. 2026"
