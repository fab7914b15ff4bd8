"""French calendar feeds: the same events (UIDs, SEQUENCE, RRULE, EXDATE, RECURRENCE-IDs) as the English ones,
in French words, each text marked with its language, cached and validated per language."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.feeds.build import forget_bodies
from events.feeds.tokens import feed_token
from events.models import EventPage, Registration
from events.services.follows import follow_group
from events.services.occurrences import cancel_occurrence, move_occurrence

PREFIXED = is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    forget_bodies()
    yield
    cache.clear()
    forget_bodies()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def address(language, name, **kwargs):
    """The feed's path in that language: /fr/calendar/… once URLs carry the language."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def get(client, language, name, **kwargs):
    """GET a feed as a French or English reader's calendar app would (the path decides, the header agrees)."""
    headers = kwargs.pop("headers", {})
    response = client.get(address(language, name, **kwargs), headers={"accept-language": language, **headers})
    return response


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def identities(calendar):
    """What a calendar app matches on: each VEVENT's UID, RECURRENCE-ID, SEQUENCE, dates and repetition."""
    out = set()
    for event in calendar.walk("VEVENT"):
        out.add(
            (
                str(event["UID"]),
                event["RECURRENCE-ID"].to_ical() if "RECURRENCE-ID" in event else None,
                int(event["SEQUENCE"]),
                event["DTSTART"].to_ical(),
                event["DTEND"].to_ical(),
                event["RRULE"].to_ical() if "RRULE" in event else None,
                event["EXDATE"].to_ical() if "EXDATE" in event else None,
                str(event["STATUS"]),
            )
        )
    return out


def by_uid(calendar):
    return {(str(e["UID"]), "RECURRENCE-ID" in e): e for e in calendar.walk("VEVENT")}


def page_url(page, language):
    with translation.override(language):
        return settings.SITE_URL + page.get_url_parts()[2]


@pytest.fixture
def world(make_group, make_event, make_venue):
    """A French-speaking group's weekly hacknight written in both languages (one date cancelled, one moved),
    an English-only meetup, and a cancelled event."""
    group = make_group(title="Civic Tech Ottawa", title_fr="Civic Tech Ottawa (fr)", slug="civic-tech-ottawa")
    start = datetime.date.today() + datetime.timedelta(days=3)
    series = make_event(
        title="Weekly hacknight",
        title_fr="Soirée de hacking hebdomadaire",
        summary="Bring a laptop.",
        summary_fr="Apportez un portable.",
        kind="hacknight",
        repeat="weekly",
        group=group,
        start_date=start,
        tags=["civic tech"],
    )
    dates = list(series.occurrences.order_by("original_date"))
    cancel_occurrence(dates[1], note="Holiday")
    moved = dates[2]
    move_occurrence(moved, moved.start + datetime.timedelta(hours=1), moved.end + datetime.timedelta(hours=1))
    english_only = make_event(
        title="Open data meetup", kind="meetup", group=group, venue=make_venue(), tags=["civic tech"]
    )
    cancelled = make_event(title="Cancelled workshop", title_fr="Atelier annulé", kind="workshop", status="cancelled")
    return {"group": group, "series": series, "english": english_only, "cancelled": cancelled}


FEEDS = [
    ("calendar:all", {}),
    ("calendar:group", {"slug": "civic-tech-ottawa"}),
    ("calendar:kind", {"kind": "hacknight"}),
    ("calendar:tag", {"slug": "civic-tech"}),
]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_french_feed_holds_the_very_same_events_as_the_english_one(client, world, name, kwargs):
    english = parse(get(client, "en", name, **kwargs))
    french = parse(get(client, "fr", name, **kwargs))
    assert identities(english) and identities(french) == identities(english)


def test_one_event_feed_and_the_private_feed_hold_the_same_events_in_both_languages(client, world, make_user):
    series = world["series"]
    english = parse(get(client, "en", "calendar:event", pk=series.pk))
    french = parse(get(client, "fr", "calendar:event", pk=series.pk))
    assert len(identities(english)) == 2 and identities(french) == identities(english)  # the series, its moved date

    user = make_user()
    follow_group(user, world["group"])
    Registration.objects.create(user=user, occurrence=world["english"].occurrences.get(), status="confirmed")
    token = feed_token(user)
    english = parse(get(client, "en", "calendar:personal", token=token))
    french = parse(get(client, "fr", "calendar:personal", token=token))
    assert identities(english) and identities(french) == identities(english)


def test_french_feed_speaks_french_and_marks_each_text_with_its_language(client, world):
    french = parse(get(client, "fr", "calendar:all"))
    with translation.override("fr"):
        name = _("%(site)s: all events") % {"site": settings.SITE_NAME}
        description = _("Every public event on %(site)s.") % {"site": settings.SITE_NAME}
    assert name != "Convene: all events"  # the catalogue has it in French
    assert str(french["X-WR-CALNAME"]) == str(french["NAME"]) == name
    assert str(french["X-WR-CALDESC"]) == description
    assert french["NAME"].params["LANGUAGE"] == french["X-WR-CALDESC"].params["LANGUAGE"] == "fr"

    events = by_uid(french)
    series = events[(f"event-{world['series'].pk}@testserver", False)]
    assert str(series["SUMMARY"]) == "Soirée de hacking hebdomadaire"
    assert series["SUMMARY"].params["LANGUAGE"] == "fr"
    assert "Apportez un portable." in str(series["DESCRIPTION"]) and "Bring a laptop" not in str(series["DESCRIPTION"])
    assert series["DESCRIPTION"].params["LANGUAGE"] == "fr"
    assert str(series["URL"]) == page_url(world["series"], "fr")
    if PREFIXED:
        assert "/fr/" in str(series["URL"])
    moved = events[(f"event-{world['series'].pk}@testserver", True)]
    assert str(moved["SUMMARY"]) == "Soirée de hacking hebdomadaire" and moved["SUMMARY"].params["LANGUAGE"] == "fr"

    # Written in English only: the English title, said to be English; our words around it are French.
    meetup = events[(f"event-{world['english'].pk}@testserver", False)]
    assert str(meetup["SUMMARY"]) == "Open data meetup" and meetup["SUMMARY"].params["LANGUAGE"] == "en"
    with translation.override("fr"):
        details = _("Details and registration: %(url)s") % {"url": page_url(world["english"], "fr")}
    assert details in str(meetup["DESCRIPTION"])
    assert "LANGUAGE" not in meetup["DESCRIPTION"].params  # French words around an English summary
    assert "LANGUAGE" not in meetup["LOCATION"].params  # an address is in no language

    cancelled = events[(f"event-{world['cancelled'].pk}@testserver", False)]
    with translation.override("fr"):
        assert str(cancelled["SUMMARY"]) == _("Cancelled: %(title)s") % {"title": "Atelier annulé"}
    assert cancelled["SUMMARY"].params["LANGUAGE"] == "fr"


def test_english_feed_stays_english_with_its_language_marked(client, world):
    english = parse(get(client, "en", "calendar:all"))
    assert str(english["X-WR-CALNAME"]) == "Convene: all events" and english["NAME"].params["LANGUAGE"] == "en"
    series = by_uid(english)[(f"event-{world['series'].pk}@testserver", False)]
    assert str(series["SUMMARY"]) == "Weekly hacknight" and series["SUMMARY"].params["LANGUAGE"] == "en"
    assert "Bring a laptop." in str(series["DESCRIPTION"]) and series["DESCRIPTION"].params["LANGUAGE"] == "en"
    assert str(series["URL"]) == page_url(world["series"], "en") and "/fr/" not in str(series["URL"])


def test_each_language_answers_304_for_its_own_copy_and_never_serves_the_other(client, world):
    english = get(client, "en", "calendar:all")
    french = get(client, "fr", "calendar:all")
    assert english.content != french.content and english["ETag"] != french["ETag"]

    assert get(client, "en", "calendar:all", headers={"if-none-match": english["ETag"]}).status_code == 304
    assert get(client, "fr", "calendar:all", headers={"if-none-match": french["ETag"]}).status_code == 304
    # The other language's validator is not this copy's: the full body, in this copy's language.
    crossed = get(client, "fr", "calendar:all", headers={"if-none-match": english["ETag"]})
    assert crossed.status_code == 200 and crossed.content == french.content
    crossed = get(client, "en", "calendar:all", headers={"if-none-match": french["ETag"]})
    assert crossed.status_code == 200 and crossed.content == english.content

    # Another process (cold memory, warm shared cache) still tells the two copies apart.
    forget_bodies()
    assert get(client, "fr", "calendar:all").content == french.content
    assert get(client, "en", "calendar:all").content == english.content


def test_a_change_reaches_both_languages_on_the_next_request(client, world, committed):
    english = get(client, "en", "calendar:all")
    french = get(client, "fr", "calendar:all")
    series = EventPage.objects.get(pk=world["series"].pk)
    with committed():
        series.title = "Weekly civic hacknight"
        series.title_fr = "Soirée civique hebdomadaire"
        series.save_revision().publish()

    english_after = get(client, "en", "calendar:all", headers={"if-none-match": english["ETag"]})
    french_after = get(client, "fr", "calendar:all", headers={"if-none-match": french["ETag"]})
    assert english_after.status_code == french_after.status_code == 200
    uid = (f"event-{series.pk}@testserver", False)
    new_english, new_french = by_uid(parse(english_after))[uid], by_uid(parse(french_after))[uid]
    assert str(new_english["SUMMARY"]) == "Weekly civic hacknight"
    assert str(new_french["SUMMARY"]) == "Soirée civique hebdomadaire"
    assert int(new_french["SEQUENCE"]) == int(new_english["SEQUENCE"]) > int(by_uid(parse(english))[uid]["SEQUENCE"])


def test_a_french_only_text_change_reaches_the_french_feed(client, world, committed):
    french = get(client, "fr", "calendar:all")
    series = EventPage.objects.get(pk=world["series"].pk)
    with committed():
        series.summary_fr = "Apportez un portable et vos idées."
        series.save_revision().publish()
    after = get(client, "fr", "calendar:all", headers={"if-none-match": french["ETag"]})
    assert after.status_code == 200
    event = by_uid(parse(after))[(f"event-{series.pk}@testserver", False)]
    assert "Apportez un portable et vos idées." in str(event["DESCRIPTION"])
    english = parse(get(client, "en", "calendar:all"))
    assert identities(english) == identities(parse(after))  # SEQUENCE moved in both languages alike


def test_add_to_calendar_links_carry_the_french_words_and_page(world):
    from urllib.parse import parse_qs, urlsplit

    from events.feeds.links import add_event_links

    series = world["series"]
    with translation.override("fr"):
        links = add_event_links(series, page_url(series, "fr"))
    google = parse_qs(urlsplit(links["google"]).query)
    assert google["text"] == ["Soirée de hacking hebdomadaire"]
    assert google["details"] == [f"Apportez un portable.\n\n{page_url(series, 'fr')}"]
    assert parse_qs(urlsplit(links["outlook"]).query)["subject"] == ["Soirée de hacking hebdomadaire"]
    assert links["ics"] == address("fr", "calendar:event", pk=series.pk)
    with translation.override("en"):
        english = parse_qs(urlsplit(add_event_links(series, page_url(series, "en"))["google"]).query)
    assert english["text"] == ["Weekly hacknight"]


@pytest.mark.parametrize("count", [50, 300])
def test_french_feed_costs_what_the_english_one_does(
    client, site_tree, make_event, count, django_assert_max_num_queries, django_assert_num_queries
):
    """Stored per language: the French copy renders once, then concatenates, with as few queries as English."""
    from events.feeds.cache import generations
    from tests.events.feeds.test_feed_http import _many_events

    make_event(repeat="weekly", title="Series", title_fr="Série")
    _many_events(site_tree, count)
    generations()
    english = get(client, "en", "calendar:all")
    with django_assert_max_num_queries(18):  # the same bound as the English feed's first build
        french = get(client, "fr", "calendar:all")
    assert french.content.count(b"BEGIN:VEVENT") == english.content.count(b"BEGIN:VEVENT") == count + 1
    cache.clear()
    forget_bodies()
    with django_assert_max_num_queries(10):  # cold cache, French text already stored
        assert get(client, "fr", "calendar:all").content == french.content
    with django_assert_num_queries(1):  # warm: the one generation check
        assert get(client, "fr", "calendar:all").status_code == 200
    with django_assert_num_queries(1):
        assert get(client, "fr", "calendar:all", headers={"if-none-match": french["ETag"]}).status_code == 304
