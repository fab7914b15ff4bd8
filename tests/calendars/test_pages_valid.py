"""The Nu HTML checker over the network pages: submit an event (empty and with errors), the moderation
queue (empty and with a submission), the review page, and the listing and group page with an imported
and a submitted card."""

import datetime

import pytest
from django.test import Client

from calendars.models import CalendarSource, EventSubmission, ImportedEvent
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db


def test_network_pages_are_valid_html(make_user, make_group, make_event):
    group = make_group("Civic Tech Ottawa", slug="ctottawa", city="Ottawa")
    organizer = make_user(email="olu@example.org")
    group.organizers.add(organizer)
    group.save()
    make_event("Ottawa data night", group=group, tags=["open data"])
    source = CalendarSource.objects.create(
        url="https://www.meetup.com/civic-tech-ottawa/events/ical/", group=group, default_tags="civic tech"
    )
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    ImportedEvent.objects.create(
        source=source,
        uid="event_1@meetup.com",
        title="Ottawa hacknight & friends",
        description="Bring a laptop <b>not</b> HTML",
        location="Bayview Yards, Ottawa",
        url="https://www.meetup.com/civic-tech-ottawa/events/1/",
        start=start,
        end=start + datetime.timedelta(hours=2),
        fingerprint="x",
    )
    submitter = make_user(email="neighbour@example.org")
    pending = EventSubmission.objects.create(
        submitter=submitter,
        group=group,
        title="Open data picnic",
        start=start + datetime.timedelta(days=1),
        end=start + datetime.timedelta(days=1, hours=3),
        location="Officers' Square",
        url="https://www.eventbrite.ca/e/open-data-picnic-1234",
        tags="open data",
    )
    EventSubmission.objects.create(
        submitter=submitter,
        group=group,
        title="Transit meetup",
        start=start + datetime.timedelta(days=3),
        end=start + datetime.timedelta(days=3, hours=3),
        online_link="https://meet.example.org/transit",
        url="https://lu.ma/transit",
        status="published",
    )

    pages = {}
    person = Client()
    person.force_login(make_user())
    pages["submit (empty)"] = person.get("/submit-event/")
    pages["submit (errors)"] = person.post("/submit-event/", {"title": "<b>x</b>", "url": "javascript:x"})
    moderator = Client()
    moderator.force_login(organizer)
    pages["queue"] = moderator.get("/organize/submissions/")
    pages["review"] = moderator.get(f"/organize/submissions/{pending.pk}/")
    pages["review (errors)"] = moderator.post(f"/organize/submissions/{pending.pk}/", {"decision": "decline"})
    pending.status = "published"
    pending.save()
    pages["queue (empty)"] = moderator.get("/organize/submissions/")
    visitor = Client()
    pages["listing"] = visitor.get("/events/")
    pages["listing by topic"] = visitor.get("/events/?tag=civic-tech")
    pages["group page"] = visitor.get(group.url)

    for name, response in pages.items():
        assert response.status_code in (200, 400), (name, response.status_code)
    html = {name: response.content.decode() for name, response in pages.items()}
    assert "Hosted on meetup.com" in html["listing"] and "Transit meetup" in html["listing"]
    assert "Ottawa hacknight" in html["listing by topic"]
    errors = html_errors(html)
    report = "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in errors.items())
    assert errors == {}, f"The Nu HTML checker found errors:\n{report}"
