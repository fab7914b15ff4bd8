import pytest
from django.contrib.auth.models import Group, Permission

from calendars.models import CalendarSource, ImportedEvent

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/calendars/calendarsource/add/"


@pytest.fixture
def organizer(make_user, site_tree):
    user = make_user(email="organizer@example.org")
    team = Group.objects.create(name="Organizers")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(team)
    return user


@pytest.fixture
def groups(make_group, organizer):
    mine = make_group("Civic Tech Toronto")
    mine.organizers.add(organizer)
    mine.save()
    return mine, make_group("Civic Tech Ottawa")


def _form(group, url="https://www.meetup.com/civic-tech-toronto/events/ical/"):
    return {
        "url": url,
        "group": group.pk,
        "default_kind": "hacknight",
        "default_tags": "civic tech",
        "in_weekly_post": "on",
        "enabled": "on",
    }


def _imported(source, title="Hacknight"):
    import datetime

    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    return ImportedEvent.objects.create(
        source=source, uid=f"{title}@meetup.com", title=title, start=start, end=start, fingerprint="x"
    )


def test_organizer_adds_a_source_for_their_group(client, organizer, groups):
    mine, _ = groups
    client.force_login(organizer)
    response = client.post(ADD, _form(mine))
    assert response.status_code == 302
    source = CalendarSource.objects.get()
    assert source.group_id == mine.pk and source.default_kind == "hacknight" and source.in_weekly_post


def test_organizer_cannot_add_a_source_for_another_group(client, organizer, groups):
    _, theirs = groups
    client.force_login(organizer)
    response = client.post(ADD, _form(theirs))
    assert response.status_code == 200
    assert "Choose one of the groups you organize." in response.content.decode()
    assert not CalendarSource.objects.exists()


def test_plain_http_and_private_looking_urls_are_refused_in_the_form(client, organizer, groups):
    mine, _ = groups
    client.force_login(organizer)
    response = client.post(ADD, _form(mine, url="http://www.meetup.com/x/events/ical/"))
    assert "Give the https:// address" in response.content.decode()
    assert not CalendarSource.objects.exists()


def test_organizer_sees_edits_and_deletes_only_their_groups_sources(client, organizer, groups):
    mine, theirs = groups
    own = CalendarSource.objects.create(url="https://lu.ma/ics/toronto", group=mine)
    other = CalendarSource.objects.create(url="https://lu.ma/ics/ottawa", group=theirs)
    client.force_login(organizer)
    listing = client.get("/admin/snippets/calendars/calendarsource/").content.decode()
    assert "Civic Tech Toronto" in listing and "Civic Tech Ottawa" not in listing
    edit_other = f"/admin/snippets/calendars/calendarsource/edit/{other.pk}/"
    assert client.get(edit_other).status_code in (302, 403)
    assert client.post(edit_other, _form(theirs, url="https://evil.example/x.ics")).status_code in (302, 403)
    other.refresh_from_db()
    assert other.url == "https://lu.ma/ics/ottawa"
    assert client.post(f"/admin/snippets/calendars/calendarsource/delete/{other.pk}/").status_code in (302, 403)
    assert CalendarSource.objects.filter(pk=other.pk).exists()
    # Their own: edited and deleted.
    response = client.post(
        f"/admin/snippets/calendars/calendarsource/edit/{own.pk}/", _form(mine, "https://lu.ma/ics/t2")
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.url == "https://lu.ma/ics/t2"
    client.post(f"/admin/snippets/calendars/calendarsource/delete/{own.pk}/")
    assert not CalendarSource.objects.filter(pk=own.pk).exists()


def test_someone_who_organizes_nothing_is_refused(client, make_user, groups):
    _, theirs = groups
    outsider = make_user()
    outsider.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(outsider)
    assert client.get(ADD).status_code in (302, 403)
    assert client.post(ADD, _form(theirs)).status_code in (302, 403)
    assert not CalendarSource.objects.exists()


def test_organizer_hides_one_imported_date_of_their_group_only(client, organizer, groups):
    mine, theirs = groups
    own = _imported(CalendarSource.objects.create(url="https://lu.ma/ics/toronto", group=mine), "Toronto night")
    other = _imported(CalendarSource.objects.create(url="https://lu.ma/ics/ottawa", group=theirs), "Ottawa night")
    client.force_login(organizer)
    listing = client.get("/admin/snippets/calendars/importedevent/").content.decode()
    assert "Toronto night" in listing and "Ottawa night" not in listing
    assert client.post(f"/admin/snippets/calendars/importedevent/edit/{own.pk}/", {"hidden": "on"}).status_code == 302
    own.refresh_from_db()
    assert own.hidden
    response = client.post(f"/admin/snippets/calendars/importedevent/edit/{other.pk}/", {"hidden": "on"})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert not other.hidden


def test_staff_sees_the_fetch_status(client, make_user, groups):
    mine, _ = groups
    staff = make_user(is_staff=True, is_superuser=True)
    CalendarSource.objects.create(
        url="https://lu.ma/ics/toronto", group=mine, last_error="Refused: the feed is larger than 5 bytes.", failures=2
    )
    client.force_login(staff)
    listing = client.get("/admin/snippets/calendars/calendarsource/").content.decode()
    assert "Refused: the feed is larger than 5 bytes." in listing


def test_organizer_searches_and_filters_the_sources_listing(client, organizer, groups):
    """The listing with a search and filters together (the hostile-URL walk found it answering 500:
    an empty search_fields on the viewset made Wagtail's search return results without a model)."""
    mine, theirs = groups
    CalendarSource.objects.create(group=mine, url="https://www.meetup.com/civic-tech-toronto/events/ical/")
    CalendarSource.objects.create(group=theirs, url="https://www.meetup.com/civic-tech-ottawa/events/ical/")
    client.force_login(organizer)
    listing = "/admin/snippets/calendars/calendarsource/"
    response = client.get(listing, {"q": "meetup", "enabled": "true", "ordering": "abc", "p": "-1"})
    assert response.status_code == 200
    assert response.context["object_list"] is not None
    shown = {source.group_id for source in response.context["object_list"]}
    assert shown <= {mine.pk}
    assert client.get(listing, {"q": "x" * 3000, "enabled": "abc"}).status_code == 200


def test_the_sources_chooser_has_no_create_address(client, organizer, groups):
    client.force_login(organizer)
    for method in (client.get, client.post):
        assert method("/admin/snippets/choose/calendars/calendarsource/create/", {"url": "x"}).status_code == 404


def test_the_sources_chooser_offers_an_organizer_their_groups_sources_only(client, organizer, groups):
    mine, theirs = groups
    own = CalendarSource.objects.create(group=mine, url="https://www.meetup.com/civic-tech-toronto/events/ical/")
    other = CalendarSource.objects.create(group=theirs, url="https://lu.ma/ics/civic-tech-ottawa")
    client.force_login(organizer)
    chooser = "/admin/snippets/choose/calendars/calendarsource/"
    for path in (chooser, chooser + "results/"):
        body = client.get(path).content.decode()
        assert f"/chosen/{own.pk}/" in body and f"/chosen/{other.pk}/" not in body, path
    assert client.get(f"/admin/snippets/choose/calendars/calendarsource/chosen/{own.pk}/").status_code == 200
    refused = client.get(f"/admin/snippets/choose/calendars/calendarsource/chosen/{other.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
