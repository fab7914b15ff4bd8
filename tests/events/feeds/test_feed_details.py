"""Details a subscriber's calendar shows: fixed UIDs, a cancelled series that ends, why a date is missing,
ORGANIZER as a cal-address, and a private feed holding the dates the person registered for."""

import datetime
import zoneinfo

import icalendar
import recurring_ical_events
from django.utils import translation
from django.utils.formats import date_format

from events.feeds import identity
from events.feeds.tokens import feed_token
from events.models import CalendarIdentity, EventPage, GroupPage, Registration
from events.services.follows import follow_group
from events.services.occurrences import cancel_occurrence, extend_all_series, move_occurrence

from .conftest import vevents

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def _uids(client, url="/calendar/events.ics"):
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    return {str(v["UID"]) for v in vevents(calendar)}


def test_uid_domain_is_fixed_at_the_first_feed_and_survives_a_new_site_url(client, make_event, settings):
    identity.forget()
    settings.SITE_URL = "http://127.0.0.1:8000"  # a first run, SITE_URL not set
    make_event()
    (uid,) = _uids(client)
    domain = uid.split("@", 1)[1]
    assert domain != "127.0.0.1" and domain.endswith(".invalid")  # not shared with every other first run
    assert CalendarIdentity.objects.get().uid_domain == domain

    identity.forget()  # as a restarted process would, after the site got its real address
    settings.SITE_URL = "https://events.example.org"
    settings.CONVENE_CALENDAR_UID_DOMAIN = "other.example.org"
    from django.core.cache import cache

    from events.feeds.build import forget_bodies

    cache.clear()
    forget_bodies()
    from events.models import CalendarEntry

    CalendarEntry.objects.all().delete()  # rendered again from scratch
    assert _uids(client) == {uid}
    identity.forget()


def test_a_new_site_takes_the_explicit_setting_or_its_public_host(settings):
    settings.CONVENE_CALENDAR_UID_DOMAIN = "Calendar.Example.org"
    assert identity.initial_domain() == "calendar.example.org"
    settings.CONVENE_CALENDAR_UID_DOMAIN = ""
    settings.SITE_URL = "https://events.example.org:8443/"
    assert identity.initial_domain() == "events.example.org"
    for local in ("http://localhost:8000", "http://192.168.1.5", "http://[::1]:8000"):
        settings.SITE_URL = local
        assert identity.initial_domain().endswith(".invalid")


def test_a_cancelled_series_ends_at_its_last_date(client, make_event, committed):
    event = make_event(title="Weekly hacknight", repeat="weekly", start_date=datetime.date.today())
    last = event.occurrences.order_by("-original_date").first().original_date
    with committed():
        event = EventPage.objects.get(pk=event.pk)
        event.status = "cancelled"
        event.save_revision().publish()
    dates = event.occurrences.count()
    extend_all_series(today=datetime.date.today() + datetime.timedelta(weeks=8))  # the nightly job
    assert event.occurrences.count() == dates  # a cancelled series gets no new dates: UNTIL stays put
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/events/{event.pk}.ics").content)
    (master,) = vevents(calendar)
    until = master["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == datetime.timedelta(0)  # UTC, DTSTART is zoned
    assert until.astimezone(TORONTO).date() == last
    expanded = recurring_ical_events.of(calendar).between(datetime.date.today(), last + datetime.timedelta(days=400))
    assert max(e["DTSTART"].dt.date() for e in expanded) == last
    assert str(master["STATUS"]) == "CANCELLED"


def test_a_cancelled_date_keeps_its_exdate_and_its_reason_is_in_the_description(client, make_event, settings):
    event = make_event(title="Weekly hacknight", repeat="weekly", start_date=datetime.date(2026, 12, 1))
    dates = {o.original_date: o for o in event.occurrences.all()}
    cancel_occurrence(dates[datetime.date(2026, 12, 22)], note="Holiday break")
    cancel_occurrence(dates[datetime.date(2026, 12, 29)])
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/events/{event.pk}.ics").content)
    (master,) = vevents(calendar)
    assert [d.dt.date() for d in master["EXDATE"].dts] == [datetime.date(2026, 12, 22), datetime.date(2026, 12, 29)]
    description = str(master["DESCRIPTION"])
    with translation.override(settings.LANGUAGE_CODE):  # dates written through the site's locale
        first, second = (date_format(datetime.date(2026, 12, day), "DATE_FORMAT") for day in (22, 29))
    assert f"Cancelled on {first}: Holiday break" in description
    assert f"Cancelled on {second}." in description


def test_organizer_is_the_groups_contact_email_when_it_has_one(client, make_event, make_group):
    group = make_group(title="Civic Tech Toronto", slug="ctto", contact_email="hello@civictech.ca")
    make_event(group=group)
    calendar = icalendar.Calendar.from_ical(client.get("/calendar/groups/ctto.ics").content)
    (vevent,) = vevents(calendar)
    assert str(vevent["ORGANIZER"]) == "mailto:hello@civictech.ca"
    assert vevent["ORGANIZER"].params["CN"] == "Civic Tech Toronto"
    assert "Organized by Civic Tech Toronto" in str(vevent["DESCRIPTION"])


def test_private_feed_holds_the_registered_dates_of_a_series_not_the_series(client, make_event, make_user):
    user = make_user()
    event = make_event(title="Weekly hacknight", repeat="weekly", start_date=datetime.date.today())
    first, second, third, fourth = event.occurrences.order_by("start")[:4]
    for occurrence in (second, fourth):
        Registration.objects.create(user=user, occurrence=occurrence, status="confirmed")
    Registration.objects.create(user=user, occurrence=third, status="cancelled", cancel_reason="participant")
    moved_start = fourth.start + datetime.timedelta(hours=1)
    move_occurrence(fourth, moved_start, fourth.end + datetime.timedelta(hours=1))

    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/me/{feed_token(user)}.ics").content)
    events = vevents(calendar)
    assert sorted(str(v["UID"]) for v in events) == sorted(f"occurrence-{o.pk}@testserver" for o in (second, fourth))
    for vevent in events:
        assert "RRULE" not in vevent and "RECURRENCE-ID" not in vevent and "EXDATE" not in vevent
    starts = sorted(v["DTSTART"].dt for v in events)
    assert starts == [second.start, moved_start]
    assert all(str(v["DTSTART"].params["TZID"]) == "America/Toronto" for v in events)
    assert str(events[0]["URL"]).endswith(f"?date={second.original_date:%Y-%m-%d}") or str(events[1]["URL"]).endswith(
        f"?date={second.original_date:%Y-%m-%d}"
    )
    expanded = recurring_ical_events.of(calendar).between(first.start, fourth.end + datetime.timedelta(days=1))
    assert len(expanded) == 2


def test_private_feed_shows_a_registered_date_the_organizer_cancelled(client, make_event, make_user):
    user = make_user()
    event = make_event(title="Weekly hacknight", repeat="weekly", start_date=datetime.date.today())
    occurrence = event.occurrences.order_by("start")[1]
    Registration.objects.create(user=user, occurrence=occurrence, status="confirmed")
    cancel_occurrence(occurrence, note="Snow day")
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/me/{feed_token(user)}.ics").content)
    (vevent,) = vevents(calendar)
    assert str(vevent["STATUS"]) == "CANCELLED" and str(vevent["SUMMARY"]) == "Cancelled: Weekly hacknight"
    assert "Snow day" in str(vevent["DESCRIPTION"])


def test_private_feed_holds_the_whole_series_of_a_followed_group_once(client, make_event, make_group, make_user):
    user = make_user()
    group = make_group(slug="ctto")
    event = make_event(title="Weekly hacknight", repeat="weekly", group=group, start_date=datetime.date.today())
    Registration.objects.create(user=user, occurrence=event.occurrences.order_by("start")[1], status="confirmed")
    follow_group(user, GroupPage.objects.get(pk=group.pk))
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/me/{feed_token(user)}.ics").content)
    (vevent,) = vevents(calendar)
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver" and "RRULE" in vevent
