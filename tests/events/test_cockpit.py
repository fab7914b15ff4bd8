"""The organizer's cockpit: every event with its numbers, one event's charts and answers, checked
against a fixture whose numbers are known; another group's organizer sees none of it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import charts
from events.models import Payment, Registration
from events.services.checkin import check_in
from events.services.cockpit import answer_summaries, attendance, cockpit, event_dates, registrations_over_time
from events.services.registration import register

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def registered_on(registration, day):
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
    Registration.objects.filter(pk=registration.pk).update(created_at=moment)


@pytest.fixture
def world(seated_event, make_event, organizer, make_user, make_group):
    user, group = organizer
    # A single event, 3 seats: A, B, C confirmed (registered 3, 2 and 2 days ago), D waitlisted.
    meetup = seated_event(
        group=group,
        capacity=3,
        title="Data meetup",
        questions=[
            ("T-shirt", "choice", False, "S\nM\nL"),
            ("Vegetarian?", "yes_no", False, ""),
            ("Anything else?", "text", False, ""),
        ],
    )
    occurrence = meetup.occurrences.get()
    shirt, veg, note = (q.pk for q in meetup.questions.order_by("sort_order", "pk"))
    people = [make_user(name=n) for n in "ABCD"]
    answers = [
        {str(shirt): "M", str(veg): "yes", str(note): "Step-free access please"},
        {str(shirt): "M", str(veg): "no"},
        {str(shirt): "L"},
        {str(veg): "yes"},
    ]
    regs = []
    for person, answer in zip(people, answers, strict=True):
        regs.append(register(person, occurrence, answers=answer))
    for reg, days_ago in zip(regs, (3, 2, 2, 1), strict=True):
        registered_on(reg, TODAY - datetime.timedelta(days=days_ago))
    Payment.objects.create(registration=regs[0], amount_cents=2500, currency="CAD", status="paid")
    Payment.objects.create(registration=regs[1], amount_cents=2500, currency="CAD", status="refunded")

    # A weekly series: three past dates and upcoming ones. X comes to all three, Y to the first
    # and third, Z only to the third; W registers for the third but does not come.
    series = make_event(
        group=group,
        title="Weekly hacknight",
        capacity=20,
        repeat="weekly",
        start_date=TODAY - datetime.timedelta(days=20),
        repeat_until=TODAY + datetime.timedelta(days=20),
    )
    dates = list(series.occurrences.order_by("start"))
    held = [d for d in dates if d.end < timezone.now()][-3:]
    x, y, z, w = (make_user(name=n) for n in "XYZW")
    for index, date in enumerate(held):
        for person in [x, y if index != 1 else None, z if index == 2 else None, w if index == 2 else None]:
            if person is None:
                continue
            reg = register(person, date, now=date.start - datetime.timedelta(days=1))
            if person is not w:
                check_in(reg, actor=user, now=date.start)

    other_user = make_user(name="Other Organizer")
    other_group = make_group(title="Other group")
    other_group.organizers.add(other_user)
    other_group.save()
    other_event = seated_event(group=other_group, title="Someone else's event")
    return {
        "organizer": user,
        "group": group,
        "meetup": meetup,
        "occurrence": occurrence,
        "series": series,
        "held": held,
        "other": other_user,
        "other_event": other_event,
    }


def test_cockpit_numbers_match_the_fixture(world):
    upcoming, past = cockpit(world["organizer"])
    titles = [s.event.title for s in upcoming + past]
    assert "Data meetup" in titles and "Weekly hacknight" in titles and "Someone else's event" not in titles
    meetup = next(s for s in upcoming if s.event.title == "Data meetup")
    figures = meetup.headline
    assert (figures.confirmed, figures.waitlisted, figures.pending, figures.checked_in) == (3, 1, 0, 0)
    assert figures.capacity == 3 and figures.no_shows is None  # not started yet
    assert meetup.revenue == {"CAD": 2500}  # the refunded payment no longer counts

    series = next(s for s in upcoming if s.event.title == "Weekly hacknight")
    held = [d for d in series.strip if d.is_past]
    assert [(d.confirmed, d.checked_in, d.no_shows) for d in held] == [(2, 2, 0), (1, 1, 0), (4, 3, 1)]
    assert series.next_date.occurrence.start > timezone.now()


def test_registrations_over_time_and_its_chart(world):
    series = registrations_over_time(world["meetup"])
    days = [TODAY - datetime.timedelta(days=n) for n in (3, 2, 1)]
    assert series == [(days[0], 1), (days[1], 3), (days[2], 4)]
    chart = charts.cumulative_chart(series, capacity=3, today=TODAY)
    assert chart["total"] == 4 and chart["capacity"] == 3
    # The line ends at 4 on a 0..5 axis: 4/5 of the plot's height above the bottom.
    last_y = float(chart["points"].split()[-1].split(",")[1])
    plot_h = chart["bottom"] - chart["top"]
    assert last_y == pytest.approx(chart["bottom"] - plot_h * 4 / 5, abs=0.1)
    assert chart["capacity_y"] == pytest.approx(chart["bottom"] - plot_h * 3 / 5, abs=0.1)


def test_attendance_splits_regulars_from_first_timers(world):
    rows = attendance(world["series"], event_dates(world["series"]))
    assert [(d.checked_in, regulars, first) for d, regulars, first in rows[-3:]] == [(2, 0, 2), (1, 1, 0), (3, 2, 1)]


def test_answers_are_summarised(world):
    shirt, veg, note = answer_summaries(world["meetup"])
    assert shirt.counts == [("S", 0), ("M", 2), ("L", 1)] and shirt.unanswered == 1
    assert veg.counts == [("yes", 2), ("no", 1)] and veg.unanswered == 1
    assert note.texts == ["Step-free access please"] and note.unanswered == 3


def test_the_cockpit_page_shows_each_event_with_its_figures(client, world):
    client.force_login(world["organizer"])
    html = client.get(reverse("events:organize_home")).content.decode()
    assert "Data meetup" in html and "Weekly hacknight" in html and "Someone else&#x27;s event" not in html
    assert "25.00 CAD" in html and 'class="strip"' in html
    assert f'href="{reverse("events:organize_home")}"' in html  # the header links organizers here
    page = client.get(reverse("events:organize_event", args=[world["series"].pk])).content.decode()
    assert "Registrations over time" in page and "<svg" in page and "Regulars" in page
    assert "Hackathon setup" not in page


def test_another_groups_organizer_is_refused_and_sees_nothing_of_ours(client, world, make_user):
    client.force_login(world["other"])
    for event in (world["meetup"], world["series"]):
        assert client.get(reverse("events:organize_event", args=[event.pk])).status_code == 403
    html = client.get(reverse("events:organize_home")).content.decode()
    assert "Someone else&#x27;s event" in html and "Data meetup" not in html
    client.force_login(make_user())
    assert client.get(reverse("events:organize_home")).status_code == 403
    home = client.get("/events/").content.decode()
    assert reverse("events:organize_home") not in home  # no header link for non-organizers


def test_query_counts_do_not_grow_with_events_and_registrations(client, world, seated_event, make_user):
    client.force_login(world["organizer"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    home = reverse("events:organize_home")
    event_page = reverse("events:organize_event", args=[world["meetup"].pk])
    queries(home), queries(event_page)  # the first request fills caches (site, session)
    before = queries(home), queries(event_page)
    for n in range(4):
        event = seated_event(group=world["group"], capacity=50, repeat="weekly", title=f"More {n}")
        for occurrence in event.occurrences.all()[:3]:
            for _ in range(3):
                register(make_user(), occurrence)
    for _ in range(5):
        register(make_user(), world["occurrence"])
    assert (queries(home), queries(event_page)) == before


def test_an_event_with_no_dates_left_offers_no_cancel_button_but_stays_reachable(client, world, seated_event):
    past = seated_event(
        group=world["group"], title="Last year's workshop", start_date=TODAY - datetime.timedelta(days=30)
    )
    client.force_login(world["organizer"])
    home = client.get(reverse("events:organize_home")).content.decode()
    assert "Last year&#x27;s workshop" in home and "<details" in home
    page = client.get(reverse("events:organize_event", args=[past.pk])).content.decode()
    assert "Cancel the whole event" not in page and "No dates left." in page
    upcoming = client.get(reverse("events:organize_event", args=[world["meetup"].pk])).content.decode()
    assert "Cancel the whole event" in upcoming


def test_create_an_event_opens_the_admin_form_with_the_group_chosen(client, world, make_group):
    second = make_group(title="Second group")
    second.organizers.add(world["organizer"], world["other"])
    second.save()
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    team = Group.objects.create(name="Organizers")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    parent = world["meetup"].get_parent()
    GroupPagePermission.objects.create(group=team, page=parent, permission=Permission.objects.get(codename="add_page"))
    world["organizer"].groups.add(team)
    client.force_login(world["organizer"])
    home = client.get(reverse("events:organize_home")).content.decode()
    assert "Other Organizer" in home  # a group with several organizers shows who they are
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])
    assert f"{url}?group={second.pk}" in home
    form = client.get(f"{url}?group={second.pk}").content.decode()
    assert 'id_group-title">Second group</div>' in form  # the group chooser shows it chosen
    refused = client.get(f"{url}?group={world['other_event'].group_id}").content.decode()
    assert "Other group" not in refused and 'id_group-title"></div>' in refused


def test_organizer_pages_are_valid_html(client, world):
    from tests.html_checker import html_errors

    client.force_login(world["organizer"])
    occurrence = world["occurrence"]
    email_url = reverse("events:organize_email", args=[occurrence.pk])
    preview = client.post(
        email_url,
        {
            "segment": "confirmed",
            "subject": "Hi",
            "body": "Line one\nLine two",
            "reply_to": world["organizer"].email,
            "action": "preview",
        },
    )
    client.post(
        email_url,
        {
            "segment": "confirmed",
            "subject": "Later",
            "body": "B",
            "reply_to": world["organizer"].email,
            "send_at": (TODAY + datetime.timedelta(days=30)).strftime("%Y-%m-%dT10:00"),
            "action": "send",
        },
    )
    message = world["occurrence"].attendee_emails.get()
    pages = {"preview": preview.content.decode()}
    for url in [
        reverse("events:organize_home"),
        reverse("events:organize_event", args=[world["meetup"].pk]),
        reverse("events:organize_event", args=[world["series"].pk]),
        email_url,
        reverse("events:organize_email_progress", args=[message.pk]),
        reverse("events:organize_attendees", args=[occurrence.pk]),
        reverse("events:organize_check_in", args=[occurrence.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    errors = html_errors(pages)
    report = "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in errors.items())
    assert errors == {}, f"The Nu HTML checker found errors:\n{report}"


def test_a_hackathon_links_to_its_setup(client, world, seated_event):
    hack = seated_event(group=world["group"], kind="hackathon", title="Hack day")
    client.force_login(world["organizer"])
    page = client.get(reverse("events:organize_event", args=[hack.pk])).content.decode()
    assert "Hackathon setup" in page and reverse("teams:organize", args=[hack.pk]) in page
