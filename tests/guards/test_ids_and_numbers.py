"""Ids past the database's integers, and numbers that are not numbers: a clear refusal, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from guards.converters import IdConverter
from guards.numbers import MAX_ID, parse_finite_decimal, parse_id
from teams.models import Criterion, Judge, Prize, Track

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
PROJECT_APPS = ("events", "teams", "social", "cms", "accounts", "privacy", "guards", "convene")


@pytest.mark.parametrize(
    "path",
    [
        f"/hack/{HUGE}/",
        f"/hack/{MAX_ID + 1}/",
        f"/calendar/events/{HUGE}.ics",
        f"/organize/events/{HUGE}/",
        f"/organize/dates/{HUGE}/check-in/",
        f"/registrations/{HUGE}/register/",
        "/hack/{event}/teams/" + HUGE + "/",
        "/hack/{event}/projects/" + HUGE + "/",
        "/hack/{event}/judge/projects/" + HUGE + "/",
    ],
)
def test_ids_past_the_databases_integers_are_404(client, hackathon, path):
    # SQLite raises OverflowError for such a number in a lookup through a foreign key (every page id).
    client.force_login(hackathon.organizer)
    assert client.get(path.format(event=hackathon.pk)).status_code == 404


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_project_url_with_a_number_uses_the_id_converter():
    """The rule for URLs added later: Django's `int` accepts any number of digits."""
    checked = 0
    for route, entry in _patterns(get_resolver()):
        module = getattr(entry.callback, "__module__", "") or ""
        if not module.startswith(PROJECT_APPS):
            continue
        converters = getattr(entry.pattern, "converters", {})
        assert not any(type(c) is IntConverter for c in converters.values()), f"{route}: use <id:...>, not <int:...>"
        checked += sum(isinstance(c, IdConverter) for c in converters.values())
    assert checked > 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("3_0", None),
        ("1e3", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_only_database_ids(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-Infinity", "sNaN", "1e400", "abc", "", "１"])
def test_parse_finite_decimal_refuses_what_is_not_a_plain_number(text):
    assert parse_finite_decimal(text) is None


def test_a_judge_invited_with_tracks_that_are_not_ids_is_refused(client, hackathon):
    client.force_login(hackathon.organizer)
    track = Track.objects.create(event=hackathon, name="Transit")
    url = f"/hack/{hackathon.pk}/organize/judge/"
    for tracks in (["abc"], [HUGE], ["²"], [str(track.pk), "999999"]):
        response = client.post(url, {"email": "judge@example.org", "tracks": tracks}, follow=True)
        assert response.status_code == 200
        assert "Choose tracks of this event." in response.content.decode()
    assert not Judge.objects.exists()
    client.post(url, {"email": "judge@example.org", "tracks": [str(track.pk)]})
    assert list(Judge.objects.get().tracks.all()) == [track]


@pytest.mark.parametrize("weight", ["NaN", "Infinity", "-inf", "1e400", "0", "101", "1.005", "abc"])
def test_a_criterion_weight_must_be_a_finite_number(client, hackathon, weight):
    client.force_login(hackathon.organizer)
    response = client.post(
        f"/hack/{hackathon.pk}/organize/criterion/", {"name": "Impact", "weight": weight}, follow=True
    )
    assert response.status_code == 200
    assert "The weight must be a positive number up to 100" in response.content.decode()
    assert not Criterion.objects.exists()


def test_a_prize_place_in_other_digits_is_refused(client, hackathon):
    client.force_login(hackathon.organizer)
    for place in ("²", "٣", HUGE, "-1", "0"):
        client.post(f"/hack/{hackathon.pk}/organize/prize/", {"name": "Best", "place": place})
    assert not Prize.objects.exists()


@pytest.mark.parametrize("value", ["²", HUGE, "-1", "abc"])
def test_ids_in_forms_that_are_not_ids_answer_404_or_an_error(client, hackathon, make_participant, value):
    client.force_login(hackathon.organizer)
    occurrence = hackathon.occurrences.get()
    check_in = client.post(
        f"/organize/dates/{occurrence.pk}/check-in/", {"action": "registration", "registration": value}
    )
    assert check_in.status_code == 404
    assert client.post(f"/hack/{hackathon.pk}/organize/track-delete/", {"id": value}).status_code == 404
