"""Organizer pages: only the group's organizers and site staff; attendees, CSV, check-in, capacity, email."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from events.models import AttendeeEmail, Registration
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(seated_event, organizer, make_user):
    user, group = organizer
    event = seated_event(group=group, capacity=2, questions=[("Dietary needs", "text", False, "")])
    occurrence = event.occurrences.get()
    question = event.questions.get()
    ada = make_user(email="ada@example.org", name="Ada Lovelace")
    register(ada, occurrence, answers={str(question.pk): '=HYPERLINK("http://evil")'})
    register(make_user(name="Grace Hopper"), occurrence)
    waiting = register(make_user(name="Wait Listed"), occurrence)
    return {"organizer": user, "event": event, "occurrence": occurrence, "ada": ada, "waiting": waiting}


def organizer_urls(setup):
    occurrence, event = setup["occurrence"], setup["event"]
    return [
        reverse("events:organize_event", args=[event.pk]),
        reverse("events:organize_attendees", args=[occurrence.pk]),
        reverse("events:organize_csv", args=[occurrence.pk]),
        reverse("events:organize_check_in", args=[occurrence.pk]),
        reverse("events:organize_email", args=[occurrence.pk]),
    ]


def test_organizer_pages_are_refused_to_participants_and_other_groups_organizers(client, setup, make_user, make_group):
    other = make_user()
    group = make_group()
    group.organizers.add(other)
    group.save()
    for user in (setup["ada"], other):
        client.force_login(user)
        for url in organizer_urls(setup):
            assert client.get(url).status_code == 403, url
        response = client.post(reverse("events:organize_capacity", args=[setup["occurrence"].pk]), {"capacity": 9})
        assert response.status_code == 403
        response = client.post(reverse("events:organize_cancel_event", args=[setup["event"].pk]), {"confirm": "yes"})
        assert response.status_code == 403
    client.logout()
    assert client.get(organizer_urls(setup)[0]).status_code == 302  # to the login page
    setup["occurrence"].refresh_from_db()
    assert setup["occurrence"].capacity is None


@pytest.mark.parametrize("who", ["organizer", "staff"])
def test_organizers_and_site_staff_see_the_attendee_list_with_counts(client, setup, make_user, who):
    user = setup["organizer"] if who == "organizer" else make_user(is_staff=True)
    client.force_login(user)
    for url in organizer_urls(setup):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("events:organize_attendees", args=[setup["occurrence"].pk])).content.decode()
    assert "Ada Lovelace" in html and "Wait Listed" in html
    assert 'data-count="confirmed">2<' in html and 'data-count="waitlisted">1<' in html
    filtered = client.get(
        reverse("events:organize_attendees", args=[setup["occurrence"].pk]), {"status": "waitlisted"}
    ).content.decode()
    assert "Wait Listed" in filtered and "Ada Lovelace" not in filtered
    searched = client.get(
        reverse("events:organize_attendees", args=[setup["occurrence"].pk]), {"q": "grace"}
    ).content.decode()
    assert "Grace Hopper" in searched and "Ada Lovelace" not in searched
    bad = client.get(reverse("events:organize_attendees", args=[setup["occurrence"].pk]), {"status": "nonsense"})
    assert bad.status_code == 200


def test_csv_export_includes_answers_and_neutralises_formulas(client, setup):
    client.force_login(setup["organizer"])
    response = client.get(reverse("events:organize_csv", args=[setup["occurrence"].pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Dietary needs"
    ada = next(row for row in rows if row[1] == "ada@example.org")
    assert ada[-1] == '\'=HYPERLINK("http://evil")'
    assert len(rows) == 4


def test_check_in_by_code_twice_and_by_name(client, setup):
    client.force_login(setup["organizer"])
    url = reverse("events:organize_check_in", args=[setup["occurrence"].pk])
    code = Registration.objects.get(user=setup["ada"]).code
    first = client.post(url, {"action": "code", "code": code}, HTTP_ACCEPT="application/json").json()
    assert first["ok"] and not first["already"]
    second = client.post(url, {"action": "code", "code": code}, HTTP_ACCEPT="application/json").json()
    assert second["already"] and "already checked in" in second["message"]
    unknown = client.post(url, {"action": "code", "code": "NOPE"}, HTTP_ACCEPT="application/json").json()
    assert not unknown["ok"]
    waiting = client.post(
        url, {"action": "registration", "registration": setup["waiting"].pk}, HTTP_ACCEPT="application/json"
    ).json()
    assert not waiting["ok"] and "waitlisted" in waiting["message"]
    found = client.get(url, {"q": "Grace"}).content.decode()
    assert "Grace Hopper" in found
    page = client.post(url, {"action": "code", "code": code}).content.decode()
    assert "already checked in" in page


def test_walk_in_refused_when_full_and_added_after_raising_capacity(client, setup):
    client.force_login(setup["organizer"])
    occurrence = setup["occurrence"]
    url = reverse("events:organize_check_in", args=[occurrence.pk])
    full = client.post(url, {"action": "walk_in", "name": "Walk In", "email": "walk@example.org"})
    assert "No seats are left" in full.content.decode()
    client.post(reverse("events:organize_capacity", args=[occurrence.pk]), {"capacity": "4"})
    setup["waiting"].refresh_from_db()
    assert setup["waiting"].status == "confirmed"  # raising capacity promoted the waitlist first
    client.post(url, {"action": "walk_in", "name": "Walk In", "email": "walk@example.org"})
    walk_in = Registration.objects.get(user__email="walk@example.org")
    assert walk_in.status == "confirmed" and walk_in.checked_in_at is not None
    bad = client.post(reverse("events:organize_capacity", args=[occurrence.pk]), {"capacity": "lots"})
    assert bad.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.capacity == 4


def test_organizer_cancels_a_registration(client, setup):
    client.force_login(setup["organizer"])
    registration = Registration.objects.get(user=setup["ada"])
    client.post(reverse("events:organize_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    setup["waiting"].refresh_from_db()
    assert registration.status == "cancelled" and setup["waiting"].status == "confirmed"


@pytest.mark.django_db(transaction=True)  # the real worker manages its own connection
def test_email_all_confirmed_attendees_through_the_worker_with_progress(client, setup, task_worker):
    client.force_login(setup["organizer"])
    mail.outbox.clear()
    response = client.post(
        reverse("events:organize_email", args=[setup["occurrence"].pk]),
        {
            "segment": "confirmed",
            "subject": "Room change",
            "body": "We moved to room 204.",
            "reply_to": setup["organizer"].email,
            "action": "send",
        },
    )
    message = AttendeeEmail.objects.get()
    assert response["Location"] == reverse("events:organize_email_progress", args=[message.pk])
    assert message.total == 2 and message.sent == 0 and not mail.outbox
    task_worker()
    progress = client.get(
        reverse("events:organize_email_progress", args=[message.pk]), HTTP_ACCEPT="application/json"
    ).json()
    assert progress == {"sent": 2, "failed": 0, "total": 2, "finished": True, "state": "finished"}
    assert sorted(m.subject for m in mail.outbox) == ["Room change", "Room change"]
    assert "room 204" in mail.outbox[0].body


def test_cancel_event_needs_confirmation(client, setup):
    client.force_login(setup["organizer"])
    url = reverse("events:organize_cancel_event", args=[setup["event"].pk])
    client.post(url, {})
    assert Registration.objects.exclude(status="cancelled").count() == 3
    client.post(url, {"confirm": "yes"})
    assert Registration.objects.exclude(status="cancelled").count() == 0


def test_wagtail_admin_links_to_the_organizer_pages(client, setup, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(f"/admin/pages/{setup['event'].get_parent().pk}/").content.decode()
    assert reverse("events:organize_event", args=[setup["event"].pk]) in listing
    assert reverse("events:organize_home") in client.get("/admin/").content.decode()


def test_event_page_links_organizers_to_their_pages(client, setup):
    url = reverse("events:organize_attendees", args=[setup["occurrence"].pk])
    client.force_login(setup["ada"])
    assert url not in client.get(setup["event"].url).content.decode()
    client.force_login(setup["organizer"])
    assert url in client.get(setup["event"].url).content.decode()


def test_the_admin_edits_ticket_types_and_questions_inline(client, setup, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(f"/admin/pages/{setup['event'].pk}/edit/").content.decode()
    assert "Ticket types" in html and "Questions for registrants" in html
    assert "Dietary needs" in html


def test_bad_check_in_input_is_an_error_not_a_500(client, setup):
    client.force_login(setup["organizer"])
    url = reverse("events:organize_check_in", args=[setup["occurrence"].pk])
    assert client.post(url, {"action": "registration", "registration": "abc"}).status_code == 404
    response = client.post(url, {"action": "code", "code": "AB\x00CD"}, HTTP_ACCEPT="application/json")
    # A NUL byte is refused before the view (guards.middleware), in JSON for the scanner page.
    assert response.status_code == 400 and not response.json()["ok"]
    assert client.get(url, {"q": "a\x00b"}).status_code == 400
    assert client.post(url, {"action": "nonsense"}).status_code == 400
