"""Bad input gets 404, private feeds are revocable, following needs a login, and the site links to feeds."""

import pytest

from events.feeds.tokens import feed_token
from events.models import CalendarToken, GroupFollow


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/groups/no-such-group.ics",
        "/calendar/kinds/party.ics",
        "/calendar/tags/no-such-tag.ics",
        "/calendar/events/999999.ics",
        "/calendar/events/abc.ics",
        "/calendar/me/not-a-token.ics",
        "/calendar/me/" + "0" * 40 + ".ics",
        "/calendar/me/" + "z" * 400 + ".ics",
        "/calendar/nothing.ics",
    ],
)
def test_bad_input_is_404(client, site_tree, url):
    assert client.get(url).status_code == 404


def test_nul_in_a_feed_path_is_400(client, site_tree):
    assert client.get("/calendar/groups/%00.ics").status_code == 400


def test_unpublished_or_private_events_are_not_served(client, make_event):
    draft = make_event(publish=False, live=False)
    assert client.get(f"/calendar/events/{draft.pk}.ics").status_code == 404
    assert b"BEGIN:VEVENT" not in client.get("/calendar/events.ics").content


def test_regenerating_the_token_makes_the_old_url_404(client, make_user, make_event):
    user = make_user()
    old = feed_token(user)
    assert feed_token(user) == old  # stable until regenerated
    assert client.get(f"/calendar/me/{old}.ics").status_code == 200
    assert old not in CalendarToken.objects.get(user=user).digest  # only a digest is stored

    client.force_login(user)
    response = client.post("/calendar/me/regenerate/")
    assert response.status_code == 302
    new = feed_token(user)
    assert new != old
    assert client.get(f"/calendar/me/{old}.ics").status_code == 404
    assert client.get(f"/calendar/me/{new}.ics").status_code == 200


def test_feed_settings_page_needs_a_login_and_shows_the_private_url(client, make_user):
    response = client.get("/calendar/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    user = make_user()
    client.force_login(user)
    page = client.get("/calendar/me/").content.decode()
    assert f"http://testserver/calendar/me/{feed_token(user)}.ics" in page
    assert f"webcal://testserver/calendar/me/{feed_token(user)}.ics" in page
    assert "Replace with a new address" in page
    # Replacing asks first: the GET is a confirmation page that changes nothing.
    token = feed_token(user)
    confirm = client.get("/calendar/me/regenerate/")
    assert confirm.status_code == 200
    assert "Replace your private calendar address?" in confirm.content.decode()
    assert feed_token(user) == token


def test_someone_elses_token_does_not_regenerate_on_my_request(client, make_user):
    me, other = make_user(), make_user()
    theirs = feed_token(other)
    client.force_login(me)
    client.post("/calendar/me/regenerate/")
    assert feed_token(other) == theirs


def test_follow_and_unfollow_need_a_login_and_a_post(client, make_group, make_user):
    group = make_group(slug="ctto", title="Civic Tech Toronto")
    response = client.post("/calendar/groups/ctto/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not GroupFollow.objects.exists()

    user = make_user()
    client.force_login(user)
    assert client.get("/calendar/groups/ctto/follow/").status_code == 405
    assert client.post("/calendar/groups/no-such/follow/").status_code == 404
    response = client.post("/calendar/groups/ctto/follow/")
    assert response.status_code == 302 and response["Location"] == group.url
    client.post("/calendar/groups/ctto/follow/")
    assert GroupFollow.objects.filter(user=user, group=group).count() == 1
    page = client.get(group.url).content.decode()
    assert "Unfollow" in page

    client.post("/calendar/groups/ctto/unfollow/")
    assert not GroupFollow.objects.filter(user=user).exists()
    assert "Follow this group" in client.get(group.url).content.decode()


def test_follow_form_needs_the_csrf_token(make_group, make_user):
    from django.test import Client

    make_group(slug="ctto")
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert client.post("/calendar/groups/ctto/follow/").status_code == 403
    assert not GroupFollow.objects.exists()


def test_group_page_offers_subscribe_links_and_follow_only_to_logged_in_people(client, make_group, make_user):
    group = make_group(slug="ctto", title="Civic Tech Toronto")
    page = client.get(group.url).content.decode()
    assert "webcal://testserver/calendar/groups/ctto.ics" in page
    google = "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ftestserver%2Fcalendar%2Fgroups%2Fctto.ics"
    assert google in page
    assert "outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver%2Fcalendar%2Fgroups%2Fctto.ics" in page
    assert 'value="http://testserver/calendar/groups/ctto.ics"' in page
    assert "every several hours" in page
    assert "Follow this group" not in page
    client.force_login(make_user())
    assert "Follow this group" in client.get(group.url).content.decode()


def test_events_listing_subscribes_to_the_filtered_feed(client, make_event, make_group):
    group = make_group(slug="ctto", title="Civic Tech Toronto")
    make_event(group=group, kind="hacknight", tags=["transit"])
    assert "webcal://testserver/calendar/events.ics" in client.get("/events/").content.decode()
    assert "webcal://testserver/calendar/groups/ctto.ics" in client.get("/events/?group=ctto").content.decode()
    assert "webcal://testserver/calendar/kinds/hacknight.ics" in client.get("/events/?kind=hacknight").content.decode()
    assert "webcal://testserver/calendar/tags/transit.ics" in client.get("/events/?tag=transit").content.decode()
    # An unknown filter value never links to a feed that would 404.
    assert "webcal://testserver/calendar/events.ics" in client.get("/events/?group=nope").content.decode()


def test_event_page_has_add_to_calendar_links(client, make_event):
    event = make_event(title="Data jam", repeat="weekly")
    page = client.get(event.url).content.decode()
    assert f'href="/calendar/events/{event.pk}.ics" download="{event.slug}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Data+jam" in page
    assert "recur=RRULE%3AFREQ%3DWEEKLY" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page


def test_me_panels_hook_gives_the_private_feed_section(rf, make_user):
    from wagtail import hooks

    request = rf.get("/me/")
    request.user = make_user()
    html = "".join(fn(request) for fn in hooks.get_hooks("convene_me_panels"))
    assert f"/calendar/me/{feed_token(request.user)}.ics" in html
    assert 'href="/calendar/me/regenerate/?next=/me/"' in html  # replacing asks first, then comes back
