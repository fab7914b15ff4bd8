"""Venues, dates and channels belong to a group: its organizers act on them, another group's organizer is
refused at every snippet door (edit, delete, copy, history, usage, bulk delete, listing, chooser), shared
venues are site staff's to edit. All over HTTP against the real admin URLs."""

import pytest
from django.contrib.auth.models import Group, Permission

from events.models import Occurrence, Venue
from social.models import Channel

pytestmark = pytest.mark.django_db


def refused(response):
    # Wagtail answers a refused admin view with 403, or by sending the user back to the dashboard.
    return (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))


@pytest.fixture
def world(make_user, make_group, make_event, make_venue, site_tree):
    team = Group.objects.create(name="Organizers")
    team.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label__in=["events", "social"],
            content_type__model__in=["venue", "occurrence", "channel"],
            codename__regex=r"^(add|change|view|delete)_",
        ),
    )
    organizer = make_user(email="a-organizer@example.org")
    organizer.groups.add(team)
    group_a = make_group("Civic Tech Toronto")
    group_a.organizers.add(organizer)
    group_a.save()
    group_b = make_group("Civic Tech Ottawa")
    mine = make_venue(name="Toronto Library", group=group_a)
    theirs = make_venue(name="Bayview Yards", group=group_b, address="7 Bayview Station Road")
    shared = make_venue(name="City Hall", group=None, address="300 City Centre Drive")
    return {
        "organizer": organizer,
        "staff": make_user(email="staff@example.org", is_staff=True, is_superuser=True),
        "group_a": group_a,
        "group_b": group_b,
        "mine": mine,
        "theirs": theirs,
        "shared": shared,
        "spare": make_venue(name="Spare room", group=group_a),
        "my_event": make_event("Toronto hacknight", group=group_a, venue=mine),
        "their_event": make_event("Ottawa hacknight", group=group_b, venue=theirs),
    }


def _venue_data(venue, **changes):
    data = {
        "name": venue.name,
        "group": venue.group_id or "",
        "address": venue.address,
        "city": venue.city,
        "region": "",
        "postal_code": "",
        "country": "CA",
        "latitude": "",
        "longitude": "",
        "accessibility_notes": "",
    }
    return {**data, **changes}


def _address(venue):
    return Venue.objects.get(pk=venue.pk).address


def test_editing_another_groups_venue_is_refused_and_changes_nothing(client, world):
    theirs = world["theirs"]
    client.force_login(world["organizer"])
    assert refused(client.get(f"/admin/snippets/events/venue/edit/{theirs.pk}/"))
    response = client.post(f"/admin/snippets/events/venue/edit/{theirs.pk}/", _venue_data(theirs, address="1 Fake St"))
    assert refused(response)
    assert _address(theirs) == "7 Bayview Station Road"


def test_organizer_edits_their_own_venue(client, world):
    mine = world["mine"]
    client.force_login(world["organizer"])
    response = client.post(f"/admin/snippets/events/venue/edit/{mine.pk}/", _venue_data(mine, address="789 Yonge St"))
    assert response.status_code == 302
    assert _address(mine) == "789 Yonge St"


def test_shared_venues_are_edited_by_site_staff_only(client, world):
    shared = world["shared"]
    client.force_login(world["organizer"])
    response = client.post(f"/admin/snippets/events/venue/edit/{shared.pk}/", _venue_data(shared, address="1 Fake St"))
    assert refused(response)
    assert _address(shared) == "300 City Centre Drive"
    client.force_login(world["staff"])
    response = client.post(f"/admin/snippets/events/venue/edit/{shared.pk}/", _venue_data(shared, address="1 Main St"))
    assert response.status_code == 302
    assert _address(shared) == "1 Main St"


def test_staff_edit_any_groups_venue(client, world):
    theirs = world["theirs"]
    client.force_login(world["staff"])
    client.post(f"/admin/snippets/events/venue/edit/{theirs.pk}/", _venue_data(theirs, address="8 Bayview"))
    assert _address(theirs) == "8 Bayview"


def test_deleting_another_groups_venue_is_refused(client, world):
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/snippets/events/venue/delete/{world['theirs'].pk}/"))
    assert Venue.objects.filter(pk=world["theirs"].pk).exists()
    client.post(f"/admin/snippets/events/venue/delete/{world['spare'].pk}/")
    assert not Venue.objects.filter(pk=world["spare"].pk).exists()


@pytest.mark.parametrize("view", ["history", "usage", "copy"])
def test_venue_history_usage_and_copy_are_refused_for_another_groups_venue(client, world, view):
    client.force_login(world["organizer"])
    assert refused(client.get(f"/admin/snippets/events/venue/{view}/{world['theirs'].pk}/"))
    assert client.get(f"/admin/snippets/events/venue/{view}/{world['mine'].pk}/").status_code == 200


def test_bulk_delete_skips_another_groups_venue(client, world):
    client.force_login(world["organizer"])
    ids = f"id={world['theirs'].pk}&id={world['spare'].pk}"
    client.post(f"/admin/bulk/events/venue/delete/?{ids}&next=/admin/snippets/events/venue/")
    assert Venue.objects.filter(pk=world["theirs"].pk).exists()
    assert not Venue.objects.filter(pk=world["spare"].pk).exists()


def test_venue_listing_shows_own_and_shared_venues_only(client, world):
    client.force_login(world["organizer"])
    page = client.get("/admin/snippets/events/venue/").content.decode()
    assert "Toronto Library" in page and "City Hall" in page
    assert "Bayview Yards" not in page


def test_venue_chooser_offers_only_venues_the_organizer_may_use(client, world):
    client.force_login(world["organizer"])
    for url in ("/admin/snippets/choose/events/venue/", "/admin/snippets/choose/events/venue/results/"):
        page = client.get(url).content.decode()
        assert "Toronto Library" in page and "City Hall" in page, url
        assert "Bayview Yards" not in page, url
    assert refused(client.get(f"/admin/snippets/choose/events/venue/chosen/{world['theirs'].pk}/"))
    assert client.get(f"/admin/snippets/choose/events/venue/chosen/{world['mine'].pk}/").status_code == 200
    client.force_login(world["staff"])
    assert "Bayview Yards" in client.get("/admin/snippets/choose/events/venue/").content.decode()


def test_event_and_group_forms_accept_only_usable_venues(client, world, site_tree):
    from wagtail.models import GroupPagePermission

    team = world["organizer"].groups.get()
    for page in (site_tree["events"], site_tree["groups"]):
        GroupPagePermission.objects.create(
            group=team, page=page, permission=Permission.objects.get(codename="change_page")
        )
    client.force_login(world["organizer"])
    form = client.get(f"/admin/pages/{world['my_event'].pk}/edit/").context["form"]
    assert set(form.fields["venue"].queryset) == {world["mine"], world["shared"], world["spare"]}
    form = client.get(f"/admin/pages/{world['group_a'].pk}/edit/").context["form"]
    assert world["theirs"] not in set(form.fields["default_venue"].queryset)


def test_a_new_venue_belongs_to_one_of_the_organizers_groups(client, world):
    client.force_login(world["organizer"])
    data = _venue_data(Venue(name="New space", city="Toronto"), group=world["group_b"].pk)
    assert client.post("/admin/snippets/events/venue/add/", data).status_code == 200
    assert not Venue.objects.filter(name="New space").exists()
    data = _venue_data(Venue(name="New space", city="Toronto"), group="")
    assert client.post("/admin/snippets/events/venue/add/", data).status_code == 200
    assert not Venue.objects.filter(name="New space").exists()
    data = _venue_data(Venue(name="New space", city="Toronto"), group=world["group_a"].pk)
    assert client.post("/admin/snippets/events/venue/add/", data).status_code == 302
    assert Venue.objects.get(name="New space").group_id == world["group_a"].pk


def test_dates_of_another_groups_event_are_closed_at_every_door(client, world):
    theirs = world["their_event"].occurrences.first()
    mine = world["my_event"].occurrences.first()
    client.force_login(world["organizer"])
    assert refused(client.get(f"/admin/snippets/events/occurrence/history/{theirs.pk}/"))
    assert client.get(f"/admin/snippets/events/occurrence/history/{mine.pk}/").status_code == 200
    assert refused(client.post(f"/admin/snippets/events/occurrence/delete/{theirs.pk}/"))
    client.post(f"/admin/bulk/events/occurrence/delete/?id={theirs.pk}&next=/admin/")
    assert Occurrence.objects.filter(pk=theirs.pk).exists()


def test_another_groups_channel_is_closed_to_the_organizer(client, world):
    theirs = Channel.objects.create(network="mastodon", name="Ottawa on Mastodon", group=world["group_b"])
    mine = Channel.objects.create(network="mastodon", name="Toronto on Mastodon", group=world["group_a"])
    client.force_login(world["organizer"])
    assert refused(client.get(f"/admin/snippets/social/channel/edit/{theirs.pk}/"))
    assert refused(client.post(f"/admin/snippets/social/channel/delete/{theirs.pk}/"))
    assert Channel.objects.filter(pk=theirs.pk).exists()
    assert client.get(f"/admin/snippets/social/channel/edit/{mine.pk}/").status_code == 200
    listing = client.get("/admin/snippets/social/channel/").content.decode()
    assert "Toronto on Mastodon" in listing and "Ottawa on Mastodon" not in listing


def test_organizers_search_their_listings_and_choosers(client, world):
    """The group filter goes along with a search (the search backend needs the field declared)."""
    Channel.objects.create(network="mastodon", name="Toronto on Mastodon", group=world["group_a"])
    client.force_login(world["organizer"])
    for url in (
        "/admin/snippets/social/channel/?q=Toronto",
        "/admin/snippets/events/venue/?q=Library",
        "/admin/snippets/choose/events/venue/results/?q=Library",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Toronto" in response.content.decode(), url
