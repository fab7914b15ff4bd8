"""An organizer acts on their own group's pages through every admin door; another group's organizer is
refused and nothing changes; site staff act on everything. All over HTTP against the real admin URLs."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PageViewRestriction

from events.models import EventIndexPage, EventPage, GroupPage

pytestmark = pytest.mark.django_db


def refused(response):
    # Wagtail answers a refused admin view with 403, or by sending the user back to the dashboard.
    return (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))


@pytest.fixture
def world(make_user, make_group, make_event, site_tree):
    """Groups A and B, each with a published event; A's organizer holds every page permission Wagtail
    grants on /events/ and /groups/ (so any refusal comes from the group rule, not a missing grant)."""
    team = Group.objects.create(name="Organizers")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    # A second listing to move events into (created in code: the admin allows one).
    archive = EventIndexPage(title="Archive", slug="archive")
    site_tree["home"].add_child(instance=archive)
    every = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
    for page, codenames in (
        (site_tree["events"], every),
        (archive, every),
        (site_tree["groups"], ("change_page", "publish_page", "lock_page")),
    ):
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.create(group=team, page=page, permission=permission)
    organizer = make_user(email="a-organizer@example.org")
    organizer.groups.add(team)
    group_a = make_group("Civic Tech Toronto")
    group_a.organizers.add(organizer)
    group_a.save_revision().publish()
    group_b = make_group("Civic Tech Ottawa")
    staff = make_user(email="staff@example.org", is_staff=True, is_superuser=True)
    return {
        "organizer": organizer,
        "staff": staff,
        "group_a": group_a,
        "group_b": group_b,
        "mine": make_event("Toronto hacknight", group=group_a),
        "theirs": make_event("Ottawa hacknight", group=group_b),
        "events": site_tree["events"],
        "archive": archive,
    }


def _draft(event, title):
    """A newer unpublished revision on a live event."""
    page = EventPage.objects.get(pk=event.pk)
    page.title = title
    return page.save_revision()


def _live_title(event):
    return EventPage.objects.get(pk=event.pk).title


# -- single-page actions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{pk}/edit/",
        "/admin/pages/{pk}/delete/",
        "/admin/pages/{pk}/unpublish/",
        "/admin/pages/{pk}/copy/",
        "/admin/pages/{pk}/move/",
        "/admin/pages/{pk}/privacy/",
        "/admin/pages/{pk}/history/",
        "/admin/pages/{pk}/view_draft/",
        "/admin/pages/{pk}/edit/preview/",
        "/admin/pages/{pk}/revisions/{rev}/view/",
        "/admin/pages/{pk}/revisions/{rev}/revert/",
        "/admin/pages/{pk}/revisions/compare/earliest...latest/",
        "/admin/pages/{pk}/workflow_history/",
        "/admin/pages/{pk}/usage/",
    ],
)
def test_each_admin_page_view_refuses_another_groups_event_and_opens_ones_own(client, world, url):
    client.force_login(world["organizer"])
    theirs_rev = _draft(world["theirs"], "Ottawa draft")
    mine_rev = _draft(world["mine"], "Toronto draft")
    assert refused(client.get(url.format(pk=world["theirs"].pk, rev=theirs_rev.pk)))
    assert client.get(url.format(pk=world["mine"].pk, rev=mine_rev.pk)).status_code == 200


def test_staff_open_every_groups_history_and_drafts(client, world):
    client.force_login(world["staff"])
    rev = _draft(world["theirs"], "Ottawa draft")
    for url in (
        f"/admin/pages/{world['theirs'].pk}/history/",
        f"/admin/pages/{world['theirs'].pk}/view_draft/",
        f"/admin/pages/{world['theirs'].pk}/revisions/{rev.pk}/view/",
    ):
        assert client.get(url).status_code == 200, url


def test_publishing_another_groups_event_from_the_editor_is_refused(client, world):
    theirs = world["theirs"]
    client.force_login(world["organizer"])
    response = client.post(f"/admin/pages/{theirs.pk}/edit/", {"title": "Hijacked", "action-publish": "1"})
    assert refused(response)
    assert _live_title(theirs) == "Ottawa hacknight"


def test_unpublish_is_refused_on_another_groups_event_and_works_on_ones_own(client, world):
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/pages/{world['theirs'].pk}/unpublish/"))
    assert EventPage.objects.get(pk=world["theirs"].pk).live
    client.post(f"/admin/pages/{world['mine'].pk}/unpublish/")
    assert not EventPage.objects.get(pk=world["mine"].pk).live


def test_staff_unpublish_any_groups_event(client, world):
    client.force_login(world["staff"])
    client.post(f"/admin/pages/{world['theirs'].pk}/unpublish/")
    assert not EventPage.objects.get(pk=world["theirs"].pk).live


def test_delete_is_refused_on_another_groups_event_and_works_on_ones_own(client, world):
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/pages/{world['theirs'].pk}/delete/"))
    assert EventPage.objects.filter(pk=world["theirs"].pk).exists()
    client.post(f"/admin/pages/{world['mine'].pk}/delete/")
    assert not EventPage.objects.filter(pk=world["mine"].pk).exists()


def _copy(client, event, parent, slug):
    return client.post(
        f"/admin/pages/{event.pk}/copy/",
        {"new_title": "Copy", "new_slug": slug, "new_parent_page": parent.pk, "publish_copies": "on"},
    )


def test_copy_is_refused_for_another_groups_event_and_works_for_ones_own(client, world):
    client.force_login(world["organizer"])
    assert refused(_copy(client, world["theirs"], world["events"], "stolen-copy"))
    assert not Page.objects.filter(slug="stolen-copy").exists()
    _copy(client, world["mine"], world["events"], "my-copy")
    copy = EventPage.objects.get(slug="my-copy")
    assert copy.live and copy.group_id == world["group_a"].pk


def test_staff_copy_any_groups_event(client, world):
    client.force_login(world["staff"])
    _copy(client, world["theirs"], world["events"], "staff-copy")
    assert EventPage.objects.filter(slug="staff-copy").exists()


def test_a_copy_may_only_land_where_the_organizer_may_add_pages(client, world, make_event):
    """Copy destination: the home page is outside the organizer's grants (and the wrong type)."""
    client.force_login(world["organizer"])
    home = world["events"].get_parent()
    _copy(client, world["mine"], home, "misplaced-copy")
    assert not Page.objects.filter(slug="misplaced-copy").exists()


def test_move_is_refused_for_another_groups_event_and_works_for_ones_own(client, world):
    theirs, mine, archive = world["theirs"], world["mine"], world["archive"]
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/pages/{theirs.pk}/move/{archive.pk}/confirm/"))
    assert Page.objects.get(pk=theirs.pk).get_parent().pk == world["events"].pk
    client.post(f"/admin/pages/{mine.pk}/move/{archive.pk}/confirm/")
    assert Page.objects.get(pk=mine.pk).get_parent().pk == archive.pk


def test_privacy_is_refused_on_another_groups_event_and_works_on_ones_own(client, world):
    client.force_login(world["organizer"])
    data = {"restriction_type": "password", "password": "letmein1"}
    assert refused(client.post(f"/admin/pages/{world['theirs'].pk}/privacy/", data))
    assert not PageViewRestriction.objects.filter(page_id=world["theirs"].pk).exists()
    assert client.post(f"/admin/pages/{world['mine'].pk}/privacy/", data).status_code == 200
    assert PageViewRestriction.objects.filter(page_id=world["mine"].pk).exists()


def test_lock_is_refused_on_another_groups_event_and_works_on_ones_own(client, world):
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/pages/{world['theirs'].pk}/lock/"))
    assert not Page.objects.get(pk=world["theirs"].pk).locked
    client.post(f"/admin/pages/{world['mine'].pk}/lock/")
    assert Page.objects.get(pk=world["mine"].pk).locked


def test_unlock_is_refused_on_another_groups_event(client, world):
    theirs = Page.objects.get(pk=world["theirs"].pk)
    theirs.locked, theirs.locked_by = True, world["staff"]
    theirs.save(update_fields=["locked", "locked_by"])
    client.force_login(world["organizer"])
    assert refused(client.post(f"/admin/pages/{theirs.pk}/unlock/"))
    assert Page.objects.get(pk=theirs.pk).locked


def test_reverting_another_groups_event_to_an_old_revision_is_refused(client, world):
    theirs = world["theirs"]
    old = EventPage.objects.get(pk=theirs.pk).latest_revision
    _draft(theirs, "Newer title").publish()
    client.force_login(world["organizer"])
    response = client.post(
        f"/admin/pages/{theirs.pk}/revisions/{old.pk}/revert/", {"title": "Reverted", "action-publish": "1"}
    )
    assert refused(response)
    assert _live_title(theirs) == "Newer title"


def test_another_groups_group_page_is_closed_to_the_organizer(client, world):
    client.force_login(world["organizer"])
    theirs = world["group_b"]
    for url in (f"/admin/pages/{theirs.pk}/edit/", f"/admin/pages/{theirs.pk}/history/"):
        assert refused(client.get(url)), url
    assert refused(client.post(f"/admin/pages/{theirs.pk}/unpublish/"))
    assert GroupPage.objects.get(pk=theirs.pk).live
    assert client.get(f"/admin/pages/{world['group_a'].pk}/edit/").status_code == 200


# -- bulk actions ----------------------------------------------------------------------------------


def _bulk(client, action, *pages, **data):
    ids = "&".join(f"id={p.pk}" for p in pages)
    return client.post(f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/pages/", data)


def test_bulk_publish_skips_another_groups_draft_and_publishes_ones_own(client, world):
    _draft(world["theirs"], "Ottawa unreviewed")
    _draft(world["mine"], "Toronto reviewed")
    client.force_login(world["organizer"])
    _bulk(client, "publish", world["theirs"], world["mine"])
    assert _live_title(world["theirs"]) == "Ottawa hacknight"
    assert _live_title(world["mine"]) == "Toronto reviewed"


def test_bulk_unpublish_skips_another_groups_event(client, world):
    client.force_login(world["organizer"])
    _bulk(client, "unpublish", world["theirs"], world["mine"])
    assert EventPage.objects.get(pk=world["theirs"].pk).live
    assert not EventPage.objects.get(pk=world["mine"].pk).live


def test_bulk_delete_skips_another_groups_event(client, world):
    client.force_login(world["organizer"])
    _bulk(client, "delete", world["theirs"], world["mine"])
    assert EventPage.objects.filter(pk=world["theirs"].pk).exists()
    assert not EventPage.objects.filter(pk=world["mine"].pk).exists()


def test_bulk_move_skips_another_groups_event(client, world):
    client.force_login(world["organizer"])
    _bulk(client, "move", world["theirs"], world["mine"], chooser=world["archive"].pk)
    assert Page.objects.get(pk=world["theirs"].pk).get_parent().pk == world["events"].pk
    assert Page.objects.get(pk=world["mine"].pk).get_parent().pk == world["archive"].pk


def test_staff_bulk_delete_any_groups_event(client, world):
    client.force_login(world["staff"])
    _bulk(client, "delete", world["theirs"])
    assert not EventPage.objects.filter(pk=world["theirs"].pk).exists()


# -- the editor's own fields ---------------------------------------------------------------------------


def _editor_post(client, url, button="action-publish", **changes):
    """GET the editor, then POST its own values back with some changed (as a browser would)."""
    from tests.guards.html_forms import forms_in

    response = client.get(url)
    assert response.status_code == 200, url
    forms = [f for f in forms_in(response.content.decode(), url) if f.method == "post"]
    form = max(forms, key=lambda f: len(f.fields))  # the editor, not Wagtail's editing-session ping
    data = form.data(**changes)
    data[button] = [button]
    return client.post(form.action, data)


def test_organizer_creates_and_publishes_an_event_for_their_group_only(client, world):
    client.force_login(world["organizer"])
    add = f"/admin/pages/add/events/eventpage/{world['events'].pk}/"
    base = {
        "title": "New night",
        "slug": "new-night",
        "summary": "s",
        "start_date": "2030-06-04",
        "start_time": "18:30",
    }
    response = _editor_post(client, add, **base, group=str(world["group_b"].pk))
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="new-night").exists()
    response = _editor_post(client, add, **base, group=str(world["group_a"].pk))
    assert response.status_code == 302
    assert EventPage.objects.get(slug="new-night").live


def test_the_editor_refuses_another_groups_venue(client, world, make_venue):
    theirs = make_venue(name="Bayview Yards", group=world["group_b"])
    mine = make_venue(name="Toronto Library", group=world["group_a"])
    client.force_login(world["organizer"])
    edit = f"/admin/pages/{world['mine'].pk}/edit/"
    assert _editor_post(client, edit, venue=str(theirs.pk)).status_code == 200
    assert EventPage.objects.get(pk=world["mine"].pk).venue_id is None
    assert _editor_post(client, edit, venue=str(mine.pk)).status_code == 302
    assert EventPage.objects.get(pk=world["mine"].pk).venue_id == mine.pk
