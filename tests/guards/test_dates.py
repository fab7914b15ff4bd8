"""Dates: every date field of every form keeps to a range the databases can hold, and models keep
their dates in order. On PostgreSQL an event dated 9999-12-31 used to be saved, and then every page
listing it answered 500 (Python cannot read a timestamp past the year 9999 back); on SQLite saving
it failed."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage, Occurrence, TicketType
from teams.models import HackathonSettings

pytestmark = pytest.mark.django_db

FAR = "9999-12-31"


@pytest.fixture
def meetup(make_event, make_group):
    group = make_group("Civic Tech Toronto", slug="civic-tech-toronto")
    return make_event("Hacknight", group=group, start_date=datetime.date(2030, 6, 4))


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def pages_still_answer(client, event):
    """The pages the bad date used to break, for a visitor and for the organizer."""
    for url in ("/calendar/events.ics", event.group.url, "/events/", f"/calendar/events/{event.pk}.ics"):
        assert client.get(url).status_code == 200, url
    assert client.get(edit_url(event)).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"start_date": FAR},
        {"end_date": FAR},
        {"start_date": "0001-01-01"},
        {"registration_opens": f"{FAR} 23:00"},
        {"registration_closes": f"{FAR} 23:00"},
        {"go_live_at": f"{FAR} 23:00"},  # Wagtail's own scheduled publishing field
    ],
)
def test_out_of_range_dates_in_the_page_editor_are_form_errors(client, staff, meetup, admin_form, changes):
    client.force_login(staff)
    before = EventPage.objects.values().get(pk=meetup.pk)
    response = admin_form(edit_url(meetup), action="/edit/", button="action-publish", **changes)
    assert response.status_code == 200  # the form again, with the error
    assert "Choose a date between 2000-01-01 and 2199-12-31." in response.content.decode()
    assert EventPage.objects.values().get(pk=meetup.pk) == before
    pages_still_answer(client, meetup)


def test_the_page_editor_accepts_a_date_in_range(client, staff, meetup, admin_form):
    client.force_login(staff)
    response = admin_form(edit_url(meetup), action="/edit/", button="action-publish", start_date="2031-06-03")
    assert response.status_code == 302
    assert EventPage.objects.get(pk=meetup.pk).start_date == datetime.date(2031, 6, 3)


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"registration_opens": "2030-06-05 09:00"}, "Registration must open before the event starts."),
        ({"registration_closes": "2030-06-05 09:00"}, "Registration must close by the time the event ends."),
        (
            {"registration_opens": "2030-06-01 09:00", "registration_closes": "2030-05-01 09:00"},
            "Registration must close after it opens.",
        ),
        ({"end_date": "2030-06-03"}, "The event cannot end before it starts."),
        ({"repeat": "weekly", "repeat_until": "2030-06-01"}, "The series cannot stop before its first date."),
    ],
)
def test_dates_out_of_order_in_the_page_editor_are_form_errors(client, staff, meetup, admin_form, changes, field_error):
    client.force_login(staff)
    before = EventPage.objects.values().get(pk=meetup.pk)
    response = admin_form(edit_url(meetup), action="/edit/", button="action-publish", **changes)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert EventPage.objects.values().get(pk=meetup.pk) == before


def test_a_ticket_type_sales_window_is_in_range_and_in_order(client, staff, meetup, admin_form):
    client.force_login(staff)
    new_ticket = {
        "ticket_types-TOTAL_FORMS": "1",
        "ticket_types-0-name": "Regular",
        "ticket_types-0-price_cents": "0",
        "ticket_types-0-currency": "CAD",
        "ticket_types-0-sales_start": "2030-05-01 09:00",
        "ticket_types-0-ORDER": "1",
    }
    for sales_end, error in [
        (f"{FAR} 23:00", "Choose a date between 2000-01-01 and 2199-12-31."),
        ("2030-04-01 09:00", "Sales must end after they start."),
    ]:
        response = admin_form(
            edit_url(meetup),
            action="/edit/",
            button="action-publish",
            **new_ticket,
            **{"ticket_types-0-sales_end": sales_end},
        )
        assert response.status_code == 200
        assert error in response.content.decode()
    assert not TicketType.objects.filter(event=meetup).exists()


def test_a_date_moved_in_the_dates_snippet_stays_in_range_and_in_order(client, staff, meetup):
    client.force_login(staff)
    occurrence = meetup.occurrences.get()
    url = f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/"
    before = Occurrence.objects.values().get(pk=occurrence.pk)
    for start, end, error in [
        (f"{FAR} 22:00", f"{FAR} 23:00", "Choose a date between 2000-01-01 and 2199-12-31."),
        ("2030-06-04 20:00", "2030-06-04 19:00", "The date must end after it starts."),
    ]:
        response = client.post(url, {"status": "scheduled", "start": start, "end": end, "note": ""})
        assert response.status_code == 200
        assert error in response.content.decode()
    assert Occurrence.objects.values().get(pk=occurrence.pk) == before
    pages_still_answer(client, meetup)


SETTINGS_FORM = {
    "min_team_size": "1",
    "max_team_size": "4",
    "judging_mode": "rubric",
    "judges_per_project": "3",
    "score_min": "1",
    "score_max": "5",
    "pairwise_min_views": "3",
}


@pytest.mark.parametrize(
    "field", ["formation_closes_at", "submission_deadline", "judging_closes_at", "voting_opens_at", "voting_closes_at"]
)
def test_hackathon_deadlines_in_the_year_9999_are_refused(client, hackathon, field):
    client.force_login(hackathon.organizer)
    url = f"/hack/{hackathon.pk}/organize/"
    response = client.post(url, {**SETTINGS_FORM, field: "9999-12-31T23:59"})
    assert response.status_code == 400
    assert "Choose a date between 2000-01-01 and 2199-12-31." in response.content.decode()
    assert getattr(HackathonSettings.objects.get(event=hackathon), field) is None
    for page in ("", "teams/new/", "board/", "gallery/", "organize/"):
        if page != "teams/new/":
            assert client.get(f"/hack/{hackathon.pk}/{page}").status_code == 200, page


def test_hackathon_deadlines_fall_within_the_event_and_in_order(client, hackathon):
    client.force_login(hackathon.organizer)
    url = f"/hack/{hackathon.pk}/organize/"
    tz = hackathon.tz
    during = (hackathon.start + datetime.timedelta(minutes=30)).astimezone(tz)
    later = (hackathon.start + datetime.timedelta(minutes=90)).astimezone(tz)
    before_start = (hackathon.start - datetime.timedelta(days=1)).astimezone(tz)
    after_end = (hackathon.end + datetime.timedelta(days=1)).astimezone(tz)
    fmt = "%Y-%m-%dT%H:%M"
    for values, error in [
        ({"submission_deadline": before_start.strftime(fmt)}, "Choose a time within the event"),
        ({"judging_closes_at": after_end.strftime(fmt)}, "Choose a time within the event"),
        (
            {"formation_closes_at": later.strftime(fmt), "submission_deadline": during.strftime(fmt)},
            "Projects are submitted after teams are formed.",
        ),
        (
            {"submission_deadline": later.strftime(fmt), "judging_closes_at": during.strftime(fmt)},
            "Judging must close after the submission deadline.",
        ),
    ]:
        response = client.post(url, {**SETTINGS_FORM, **values})
        assert response.status_code == 400, values
        assert error in response.content.decode()
    saved = HackathonSettings.objects.get(event=hackathon)
    assert saved.submission_deadline is None and saved.judging_closes_at is None
    response = client.post(
        url, {**SETTINGS_FORM, "submission_deadline": during.strftime(fmt), "judging_closes_at": later.strftime(fmt)}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.submission_deadline == during.replace(second=0, microsecond=0)
    assert timezone.is_aware(saved.judging_closes_at)
