"""A password-protected or members-only event (Wagtail page privacy) is registrable only by people who passed
its restriction, and calendar feeds do not list it to anyone else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events.feeds.tokens import feed_token
from events.models import Registration
from events.services.follows import follow_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_event(make_event, make_group):
    event = make_event("Members' hack night", group=make_group("Civic Tech Toronto"))
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="civic-secret")
    return event


def _register_url(event):
    return reverse("events:register", args=[event.occurrences.first().pk])


def _register(client, event):
    return client.post(_register_url(event), {})


def test_password_locked_event_refuses_registration_until_the_password_is_given(client, locked_event, make_user):
    client.force_login(make_user())
    response = _register(client, locked_event)
    assert response.status_code == 403
    assert 'name="password"' in response.content.decode()
    assert not Registration.objects.exists()
    # The registration form itself asks for the password first, and comes back after it.
    page = client.get(_register_url(locked_event))
    assert 'name="password"' in page.content.decode()
    restriction = PageViewRestriction.objects.get(page=locked_event)
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, locked_event.pk])
    response = client.post(unlock, {"password": "civic-secret", "return_url": _register_url(locked_event)})
    assert response.status_code == 302 and response["Location"] == _register_url(locked_event)
    assert _register(client, locked_event).status_code == 302
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_wrong_password_still_refuses(client, locked_event, make_user):
    client.force_login(make_user())
    restriction = PageViewRestriction.objects.get(page=locked_event)
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, locked_event.pk])
    client.post(unlock, {"password": "guess", "return_url": "/"})
    assert _register(client, locked_event).status_code == 403
    assert not Registration.objects.exists()


def test_members_only_event_registers_members_and_refuses_others(client, make_event, make_user):
    members = Group.objects.create(name="Sheridan students")
    event = make_event("Students' hack day")
    restriction = PageViewRestriction.objects.create(page=event, restriction_type="groups")
    restriction.groups.add(members)
    outsider, member = make_user(), make_user()
    member.groups.add(members)
    client.force_login(outsider)
    assert _register(client, event).status_code == 403
    assert not Registration.objects.exists()
    client.force_login(member)
    assert _register(client, event).status_code == 302
    assert Registration.objects.filter(user=member).exists()


def test_a_restriction_on_the_events_listing_covers_every_event_under_it(client, make_event, make_user, site_tree):
    event = make_event()
    PageViewRestriction.objects.create(page=site_tree["events"], restriction_type="password", password="x-secret")
    client.force_login(make_user())
    assert _register(client, event).status_code == 403
    assert not Registration.objects.exists()


def test_feeds_leave_out_a_private_event_of_a_followed_group(client, locked_event, make_event, make_user):
    follower = make_user()
    follow_group(follower, locked_event.group)
    open_event = make_event("Open hack night", group=locked_event.group)
    body = client.get(f"/calendar/me/{feed_token(follower)}.ics").content.decode()
    assert "Open hack night" in body and "Members' hack night" not in body
    assert "Members' hack night" not in client.get("/calendar/events.ics").content.decode()
    assert client.get(f"/calendar/events/{locked_event.pk}.ics").status_code == 404
    assert open_event.title in client.get(f"/calendar/groups/{locked_event.group.slug}.ics").content.decode()


def test_a_private_event_the_person_registered_for_stays_in_their_feed(client, locked_event, make_user):
    person = make_user()
    Registration.objects.create(user=person, occurrence=locked_event.occurrences.first(), status="confirmed")
    body = client.get(f"/calendar/me/{feed_token(person)}.ics").content.decode()
    assert "Members' hack night" in body
