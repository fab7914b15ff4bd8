"""Following a group means something: an email per new event (once), a one-click stop per group,
organizers and the follower count on the group page, and "Log in to follow" for visitors."""

import re

import pytest
from django.core import mail
from django.test import Client

from events.models import GroupFollow, NewEventNotice
from events.services.follows import announce_to_followers, follow_group, unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(make_group):
    return make_group(slug="ctto", title="Civic Tech Toronto")


@pytest.fixture
def followers(group, make_user):
    ada = make_user(email="ada@example.org", name="Ada Lovelace")
    grace = make_user(email="grace@example.org", name="Grace Hopper")
    follow_group(ada, group)
    follow_group(grace, group)
    return ada, grace


def _stop_link(message):
    return re.search(r"http://testserver(/follows/stop/\S+/)", message.body).group(1)


def test_followers_get_one_email_when_the_group_publishes_a_new_event(
    group, followers, make_event, make_user, django_capture_on_commit_callbacks
):
    outsider = make_user(email="other@example.org")  # follows nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(title="Hacknight #300", group=group)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["ada@example.org", "grace@example.org"] and outsider.email not in to
    message = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert message.subject == "New from Civic Tech Toronto: Hacknight #300"
    assert message.body.startswith("Hello Ada Lovelace,")
    assert "http://testserver" + event.url in message.body
    assert message.from_email.startswith("Convene <")
    # One click in the mail client (RFC 8058) and a link in the body, per group.
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{_stop_link(message)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Publishing again (an edit) is not news; the notice row makes it at most once per event.
    mail.outbox.clear()
    event.title = "Hacknight #300 (room change)"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
        assert announce_to_followers(event) is None
    assert mail.outbox == [] and NewEventNotice.objects.filter(event=event).count() == 1


def test_private_cancelled_or_groupless_events_are_not_announced(
    group, followers, make_event, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_event(title="No group")
        make_event(title="Called off", group=group, status="cancelled")
        draft = make_event(title="Members only", group=group, publish=False)
        PageViewRestriction.objects.create(page=draft, restriction_type="login")
        draft.save_revision().publish()
    assert mail.outbox == []
    assert not NewEventNotice.objects.exists()


def test_people_who_stopped_the_emails_or_left_get_none(
    group, followers, make_event, make_user, django_capture_on_commit_callbacks
):
    ada, grace = followers
    GroupFollow.objects.filter(user=ada).update(email_new_events=False)
    grace.is_active = False
    grace.save()
    carol = make_user(email="carol@example.org")
    follow_group(carol, group)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_event(group=group)
    assert [m.to for m in mail.outbox] == [["carol@example.org"]]
    assert mail.outbox[0].body.startswith("Hello,")  # no name given: greeted without one


def test_the_stop_link_asks_once_then_stops_only_that_group(
    group, followers, make_event, make_group, django_capture_on_commit_callbacks
):
    ada, _grace = followers
    other = make_group(slug="hn", title="HackerNest")
    follow_group(ada, other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_event(group=group)
    link = _stop_link(next(m for m in mail.outbox if m.to == [ada.email]))

    anonymous = Client()  # no login needed: the signed link is the authority
    page = anonymous.get(link)
    assert page.status_code == 200 and "Stop emails about new Civic Tech Toronto events?" in page.content.decode()
    assert GroupFollow.objects.get(user=ada, group=group).email_new_events  # a GET (link scanner) stops nothing

    done = anonymous.post(link)
    assert "Done: no more emails" in done.content.decode()
    assert not GroupFollow.objects.get(user=ada, group=group).email_new_events
    assert GroupFollow.objects.get(user=ada, group=other).email_new_events  # per group
    assert GroupFollow.objects.filter(user=ada, group=group).exists()  # still follows (calendar feed)

    anonymous.post(link, {"resume": "1"})  # undo
    assert GroupFollow.objects.get(user=ada, group=group).email_new_events


def test_mail_clients_one_click_post_stops_the_emails_without_a_csrf_token(group, followers):
    ada, _grace = followers
    follow = GroupFollow.objects.get(user=ada, group=group)
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/follows/stop/{unsubscribe_token(follow)}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    follow.refresh_from_db()
    assert not follow.email_new_events


def test_forged_or_stale_stop_links_change_nothing(client, group, followers):
    ada, _grace = followers
    follow = GroupFollow.objects.get(user=ada, group=group)
    token = unsubscribe_token(follow)
    assert client.post(f"/follows/stop/{token[:-2]}xx/").status_code == 404
    assert client.get("/follows/stop/not-a-token/").status_code == 404
    assert client.post("/follows/stop/%00/").status_code == 400
    follow.refresh_from_db()
    assert follow.email_new_events
    follow.delete()  # unfollowed since: the old link finds nothing to stop
    response = client.post(f"/follows/stop/{token}/")
    assert response.status_code == 404 and "no longer works" in response.content.decode()


def test_group_page_switches_the_emails_for_a_follower(client, group, followers):
    ada, _grace = followers
    client.force_login(ada)
    page = client.get(group.url).content.decode()
    assert "We email you when this group publishes a new event." in page
    client.post("/follows/ctto/emails/", {"on": "0"})
    assert not GroupFollow.objects.get(user=ada, group=group).email_new_events
    assert "Email me about new events" in client.get(group.url).content.decode()
    client.post("/follows/ctto/emails/", {"on": "1"})
    assert GroupFollow.objects.get(user=ada, group=group).email_new_events


def test_the_email_switch_needs_a_login_and_a_follow(client, group, make_user):
    response = client.post("/follows/ctto/emails/", {"on": "0"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user())
    response = client.post("/follows/ctto/emails/", {"on": "0"}, follow=True)
    assert "Follow the group first." in response.content.decode()
    assert client.post("/follows/no-such-group/emails/").status_code == 404
    assert not GroupFollow.objects.exists()


def test_group_page_shows_organizers_follower_count_and_log_in_to_follow(client, group, make_user):
    organizer = make_user(email="olu@example.org", name="Olu Organizer", pronouns="he/him")
    group.organizers.add(organizer)
    group.save()
    page = client.get(group.url).content.decode()
    assert "Olu Organizer" in page and "(he/him)" in page and "olu@example.org" not in page
    assert ">Organizer<" in page
    assert "0 followers" in page
    assert "Log in to follow" in page and "/accounts/login/?next=/groups/ctto/" in page

    follow_group(make_user(), group)
    assert "1 follower<" in client.get(group.url).content.decode()
    follow_group(make_user(), group)
    assert "2 followers" in client.get(group.url).content.decode()


def test_organizer_with_a_public_profile_is_linked(client, group, make_user):
    organizer = make_user(name="Olu Organizer", public_profile=True)
    hidden = make_user(name="Hidden Helper")
    group.organizers.add(organizer, hidden)
    group.save()
    page = client.get(group.url).content.decode()
    assert f'href="/people/{organizer.pk}/"' in page and f"/people/{hidden.pk}/" not in page
    assert ">Organizers<" in page
