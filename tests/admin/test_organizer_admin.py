import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from events.models import EventPage, Occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(make_user, site_tree):
    user = make_user(email="organizer@example.org")
    team = Group.objects.create(name="Organizers")
    team.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_occurrence"),
        Permission.objects.get(codename="view_occurrence"),
    )
    user.groups.add(team)
    return user


@pytest.fixture
def two_series(make_group, make_event, organizer):
    mine = make_group("Civic Tech Toronto")
    mine.organizers.add(organizer)
    mine.save()
    theirs = make_group("Civic Tech Ottawa")
    start = datetime.date.today() + datetime.timedelta(days=1)
    return (
        make_event("Toronto hacknight", group=mine, repeat="weekly", start_date=start),
        make_event("Ottawa hacknight", group=theirs, repeat="weekly", start_date=start),
    )


def _edit(client, occurrence, **changes):
    local = occurrence.start.astimezone(occurrence.event.tz)
    end = occurrence.end.astimezone(occurrence.event.tz)
    data = {
        "status": changes.get("status", occurrence.status),
        "start": changes.get("start", local.strftime("%Y-%m-%d %H:%M")),
        "end": changes.get("end", end.strftime("%Y-%m-%d %H:%M")),
        "note": changes.get("note", occurrence.note),
    }
    return client.post(f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/", data)


def test_organizer_cancels_one_date_of_their_own_series(client, organizer, two_series):
    mine, _ = two_series
    occurrence = mine.occurrences.order_by("start")[2]
    client.force_login(organizer)
    response = _edit(client, occurrence, status="cancelled", note="Holiday break")
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled" and occurrence.note == "Holiday break"
    assert EventPage.objects.get(pk=mine.pk).sequence == 1
    assert mine.occurrences.filter(status="cancelled").count() == 1


def test_organizer_moves_one_date(client, organizer, two_series):
    mine, _ = two_series
    occurrence = mine.occurrences.order_by("start")[1]
    new_day = occurrence.original_date + datetime.timedelta(days=1)
    client.force_login(organizer)
    response = _edit(client, occurrence, start=f"{new_day} 19:00", end=f"{new_day} 21:00")
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.is_moved
    assert occurrence.start.astimezone(mine.tz).strftime("%Y-%m-%d %H:%M") == f"{new_day} 19:00"


def test_organizer_cannot_touch_another_groups_dates(client, organizer, two_series):
    _, theirs = two_series
    occurrence = theirs.occurrences.first()
    client.force_login(organizer)
    listing = client.get("/admin/snippets/events/occurrence/")
    assert "Ottawa hacknight" not in listing.content.decode()
    assert "Toronto hacknight" in listing.content.decode()
    response = _edit(client, occurrence, status="cancelled")
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert Occurrence.objects.get(pk=occurrence.pk).status == "scheduled"


def test_nobody_adds_stray_dates_by_hand(client, make_user, site_tree):
    admin = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/snippets/events/occurrence/add/")
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))


def test_invalid_move_shows_an_error_and_changes_nothing(client, organizer, two_series):
    mine, _ = two_series
    occurrence = mine.occurrences.first()
    client.force_login(organizer)
    day = occurrence.original_date
    response = _edit(client, occurrence, start=f"{day} 21:00", end=f"{day} 19:00")
    assert response.status_code == 200
    assert Occurrence.objects.get(pk=occurrence.pk).start == occurrence.start


@pytest.fixture
def page_editor(organizer, site_tree):
    from wagtail.models import GroupPagePermission

    team = organizer.groups.get()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=team, page=site_tree["events"], permission=Permission.objects.get(codename=codename)
        )
    return organizer


def test_organizer_edits_their_groups_event_but_not_another_groups(client, page_editor, two_series):
    mine, theirs = two_series
    client.force_login(page_editor)
    assert client.get(f"/admin/pages/{mine.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{theirs.pk}/edit/")
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))


def test_new_event_form_offers_only_the_organizers_groups(client, page_editor, two_series, site_tree):
    client.force_login(page_editor)
    response = client.get(f"/admin/pages/add/events/eventpage/{site_tree['events'].pk}/")
    groups = [str(g) for g in response.context["form"].fields["group"].queryset]
    assert groups == ["Civic Tech Toronto"]


def test_organizer_edits_their_own_group_page_only(client, organizer, two_series, site_tree):
    from wagtail.models import GroupPagePermission

    from events.models import GroupPage

    team = organizer.groups.get()
    GroupPagePermission.objects.create(
        group=team, page=site_tree["groups"], permission=Permission.objects.get(codename="change_page")
    )
    client.force_login(organizer)
    mine = GroupPage.objects.get(title="Civic Tech Toronto")
    theirs = GroupPage.objects.get(title="Civic Tech Ottawa")
    assert client.get(f"/admin/pages/{mine.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{theirs.pk}/edit/")
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))


def rows(response):
    """The listing's table rows (the filter's choices name events too)."""
    html = response.content.decode()
    start = html.find("<tbody", html.find('class="listing'))
    return html[start : html.find("</tbody>", start)] if start != -1 else ""


def test_dates_list_filters_searches_reads_as_words_and_returns_after_an_edit(
    client, organizer, two_series, make_event
):
    mine, theirs = two_series
    other = make_event(
        "Toronto workshop", group=mine.group, start_date=datetime.date.today() - datetime.timedelta(days=3)
    )
    client.force_login(organizer)
    url = "/admin/snippets/events/occurrence/"
    html = client.get(url).content.decode()
    assert "True" not in html and "False" not in html
    assert "(America/Toronto)" in html and "Scheduled" in html
    # Upcoming dates first: the past workshop is listed after every hacknight date.
    assert html.index("Toronto hacknight") < html.index("Toronto workshop")
    # The event filter offers only the organizer's own events.
    assert f'value="{mine.pk}"' in html and f'value="{theirs.pk}"' not in html
    filtered = rows(client.get(url, {"event": other.pk}))
    assert "Toronto workshop" in filtered and "Toronto hacknight" not in filtered
    assert "Ottawa" not in rows(client.get(url, {"event": theirs.pk}))  # not a choice: the filter is ignored
    searched = rows(client.get(url, {"q": "workshop"}))
    assert "Toronto workshop" in searched and "Toronto hacknight" not in searched
    assert "Ottawa hacknight" not in client.get(url, {"q": "Ottawa"}).content.decode()

    occurrence = mine.occurrences.order_by("start")[1]
    listing = client.get(url, {"q": "hacknight", "p": "1"}).content.decode()
    edit_link = f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/?next="
    assert edit_link in listing
    response = client.post(
        f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/?next=/admin/snippets/events/occurrence/%3Fq%3Dhacknight",
        {
            "status": "cancelled",
            "start": occurrence.start.astimezone(mine.tz).strftime("%Y-%m-%d %H:%M"),
            "end": occurrence.end.astimezone(mine.tz).strftime("%Y-%m-%d %H:%M"),
            "note": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/admin/snippets/events/occurrence/?q=hacknight"
    escaped = client.post(
        f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/?next=https://evil.example/",
        {
            "status": "cancelled",
            "start": occurrence.start.astimezone(mine.tz).strftime("%Y-%m-%d %H:%M"),
            "end": occurrence.end.astimezone(mine.tz).strftime("%Y-%m-%d %H:%M"),
            "note": "",
        },
    )
    assert "evil.example" not in escaped["Location"]
