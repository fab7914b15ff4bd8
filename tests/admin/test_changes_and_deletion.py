"""Through the real admin URLs: before a change to a date people registered for is saved, the organizer
is told how many people it reaches and confirms; deleting an event, ticket type or group never answers
500 and never loses registrations or payments (single and bulk delete)."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from events.models import EventPage, GroupPage, Occurrence, Payment, Registration, TicketType
from events.services.registration import register
from tests.guards.html_forms import forms_in

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
def staff(make_user):
    return make_user(email="staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def my_series(make_group, make_event, organizer):
    group = make_group("Civic Tech Toronto")
    group.organizers.add(organizer)
    group.save()
    start = datetime.date.today() + datetime.timedelta(days=2)
    return make_event("Toronto hacknight", group=group, repeat="weekly", start_date=start)


@pytest.fixture
def admin_form(client):
    """GET a Wagtail admin form page, then POST its own values back with some changed."""

    def submit(url, *, action, button=None, **changes):
        response = client.get(url)
        assert response.status_code == 200, url
        candidates = [f for f in forms_in(response.content.decode(), url) if f.method == "post" and action in f.action]
        form = max(candidates, key=lambda f: len(f.fields))
        data = form.data(**changes)
        if button:
            data[button] = [button]
        return client.post(form.action, data)

    return submit


def _date_form(occurrence, **changes):
    local = occurrence.start.astimezone(occurrence.event.tz)
    end = occurrence.end.astimezone(occurrence.event.tz)
    data = {
        "status": occurrence.status,
        "start": local.strftime("%Y-%m-%d %H:%M"),
        "end": end.strftime("%Y-%m-%d %H:%M"),
        "note": occurrence.note,
    }
    return {**data, **changes}


def date_url(occurrence):
    return f"/admin/snippets/events/occurrence/edit/{occurrence.pk}/"


# -- the organizer is told how many people a change reaches, and confirms -----------------------


def test_cancelling_a_date_in_events_dates_says_how_many_it_reaches_then_cancels_and_tells_them(
    client, organizer, my_series, make_user, django_capture_on_commit_callbacks
):
    occurrence = my_series.occurrences.order_by("start").first()
    people = [register(make_user(email=f"p{n}@example.org"), occurrence) for n in range(2)]
    client.force_login(organizer)

    page = client.get(date_url(occurrence)).content.decode()
    assert "2 people are registered for this date" in page

    refused = client.post(date_url(occurrence), _date_form(occurrence, status="cancelled", note="Holiday"))
    assert refused.status_code == 200
    assert "This change reaches 2 people registered" in refused.content.decode()
    assert Occurrence.objects.get(pk=occurrence.pk).status == "scheduled"
    assert not Registration.objects.filter(status="cancelled").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            date_url(occurrence), _date_form(occurrence, status="cancelled", note="Holiday", confirm_notify="on")
        )
    assert done.status_code == 302
    assert Occurrence.objects.get(pk=occurrence.pk).status == "cancelled"
    for registration in people:
        registration.refresh_from_db()
        assert registration.status == "cancelled"
    told = [m for m in mail.outbox if m.subject.startswith("Date cancelled")]
    assert sorted(m.to[0] for m in told) == ["p0@example.org", "p1@example.org"]
    assert all("Holiday" in m.body for m in told)


def test_moving_a_date_in_events_dates_asks_first_then_tells_each_person(
    client, organizer, my_series, make_user, settings, django_capture_on_commit_callbacks
):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 0
    occurrence = my_series.occurrences.order_by("start")[1]
    register(make_user(email="ada@example.org"), occurrence)
    client.force_login(organizer)
    day = occurrence.original_date + datetime.timedelta(days=1)
    moved = {"start": f"{day} 19:00", "end": f"{day} 21:00"}

    refused = client.post(date_url(occurrence), _date_form(occurrence, **moved))
    assert "This change reaches 1 person registered" in refused.content.decode()
    assert not Occurrence.objects.get(pk=occurrence.pk).is_moved

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(date_url(occurrence), _date_form(occurrence, confirm_notify="on", **moved))
    assert done.status_code == 302
    (message,) = [m for m in mail.outbox if m.subject.startswith("Date changed")]
    assert message.to == ["ada@example.org"] and "7 p.m." in message.body


def test_a_date_nobody_registered_for_saves_without_asking(client, organizer, my_series):
    occurrence = my_series.occurrences.order_by("start").first()
    client.force_login(organizer)
    assert "registered for this date" not in client.get(date_url(occurrence)).content.decode()
    assert client.post(date_url(occurrence), _date_form(occurrence, status="cancelled")).status_code == 302


def test_publishing_a_new_time_in_the_page_editor_asks_first_then_tells_each_person(
    client, staff, make_event, make_user, admin_form, settings, django_capture_on_commit_callbacks
):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 0
    event = make_event("Open Data Day")
    register(make_user(email="ada@example.org"), event.occurrences.get())
    client.force_login(staff)
    url = f"/admin/pages/{event.pk}/edit/"
    assert "1 person is registered for this event" in client.get(url).content.decode()

    refused = admin_form(url, action="/edit/", button="action-publish", start_time="10:00", end_time="12:00")
    assert refused.status_code == 200
    assert "This change reaches 1 person registered" in refused.content.decode()
    assert EventPage.objects.get(pk=event.pk).start_time == datetime.time(18, 30)

    # A draft reaches nobody, so it saves without asking.
    draft = admin_form(url, action="/edit/", start_time="10:00", end_time="12:00")
    assert draft.status_code == 302

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_form(
            url, action="/edit/", button="action-publish", start_time="10:00", end_time="12:00", confirm_notify="on"
        )
    assert done.status_code == 302
    (message,) = [m for m in mail.outbox if m.subject.startswith("Date changed")]
    assert "10 a.m." in message.body and "6:30 p.m." in message.body


# -- deleting never loses registrations or payments, never answers 500 -------------------------------


def _bulk_delete(client, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/delete/?{ids}&next=/admin/pages/{pages[0].get_parent().pk}/"
    return client.post(url, {})


def test_deleting_an_event_people_registered_for_is_refused_pointing_to_cancel_single_and_bulk(
    client, staff, seated_event, make_user
):
    event = seated_event(tickets=[("Regular", 0, None)])
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")  # even cancelled ones are records
    client.force_login(staff)

    for attempt in (
        lambda: client.get(f"/admin/pages/{event.pk}/delete/"),
        lambda: client.post(f"/admin/pages/{event.pk}/delete/"),
        lambda: _bulk_delete(client, event),
    ):
        response = attempt()
        assert response.status_code == 302
        shown = client.get(response["Location"]).content.decode()
        assert "Cancel the event instead" in shown
        assert EventPage.objects.filter(pk=event.pk).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()

    # The events index holds it too: deleting the parent is refused for the same reason.
    parent = event.get_parent()
    assert client.post(f"/admin/pages/{parent.pk}/delete/").status_code == 302
    assert EventPage.objects.filter(pk=event.pk).exists()


def test_an_event_nobody_registered_for_is_deleted_single_and_bulk(client, staff, make_event):
    one, two = make_event("One"), make_event("Two")
    client.force_login(staff)
    assert client.post(f"/admin/pages/{one.pk}/delete/").status_code == 302
    assert _bulk_delete(client, two).status_code == 302
    assert not EventPage.objects.filter(pk__in=[one.pk, two.pk]).exists()


def test_removing_a_ticket_type_people_hold_is_refused_in_the_editor(
    client, staff, seated_event, make_user, admin_form
):
    event = seated_event(tickets=[("Regular", 2500, None), ("Unsold", 0, None)])
    ticket = event.ticket_types.get(name="Regular")
    registration = register(make_user(), event.occurrences.get(), ticket_type=ticket)
    Payment.objects.create(registration=registration, amount_cents=2500, currency="CAD", status="paid")
    client.force_login(staff)
    forms = list(event.ticket_types.order_by("price_cents", "name"))
    index = forms.index(ticket)

    url = f"/admin/pages/{event.pk}/edit/"
    response = admin_form(url, action="/edit/", button="action-publish", **{f"ticket_types-{index}-DELETE": "on"})
    assert response.status_code == 200
    assert "The ticket type “Regular” cannot be removed: people registered with it." in response.content.decode()
    assert TicketType.objects.filter(pk=ticket.pk).exists()
    assert Payment.objects.filter(registration=registration).exists()

    # A ticket type nobody holds can go.
    unsold = forms.index(event.ticket_types.get(name="Unsold"))
    done = admin_form(url, action="/edit/", button="action-publish", **{f"ticket_types-{unsold}-DELETE": "on"})
    assert done.status_code == 302
    assert list(event.ticket_types.values_list("name", flat=True)) == ["Regular"]


def test_deleting_a_group_with_events_is_refused_single_and_bulk(client, staff, make_group, make_event):
    group = make_group("Civic Tech Ottawa")
    make_event("Ottawa hacknight", group=group)
    empty = make_group("Nobody's group")
    client.force_login(staff)

    for attempt in (lambda: client.post(f"/admin/pages/{group.pk}/delete/"), lambda: _bulk_delete(client, group)):
        response = attempt()
        assert response.status_code == 302
        assert "still has 1 event" in client.get(response["Location"]).content.decode()
        assert GroupPage.objects.filter(pk=group.pk).exists()
    assert EventPage.objects.get(title="Ottawa hacknight").group_id == group.pk

    assert _bulk_delete(client, empty).status_code == 302
    assert not GroupPage.objects.filter(pk=empty.pk).exists()


def test_a_revision_without_a_sold_ticket_type_publishes_and_keeps_it(seated_event, make_user):
    """A draft saved before the sale, lacking the ticket type, published later (in bulk, on schedule):
    the ticket type people hold stays instead of the publication failing."""
    event = seated_event(tickets=[("Regular", 0, None), ("Extra", 0, None)])
    sold = event.ticket_types.get(name="Regular")
    draft = EventPage.objects.get(pk=event.pk)
    draft.ticket_types.remove(draft.ticket_types.get(name="Regular"))
    draft.ticket_types.remove(draft.ticket_types.get(name="Extra"))
    revision = draft.save_revision()
    register(make_user(), event.occurrences.get(), ticket_type=sold)
    revision.publish()
    assert list(TicketType.objects.filter(event=event).values_list("name", flat=True)) == ["Regular"]


def test_deleting_a_date_people_registered_for_is_refused_single_and_bulk(client, staff, my_series, make_user):
    occurrence = my_series.occurrences.order_by("start").first()
    register(make_user(), occurrence)
    client.force_login(staff)
    for attempt in (
        lambda: client.post(f"/admin/snippets/events/occurrence/delete/{occurrence.pk}/"),
        lambda: client.post(f"/admin/bulk/events/occurrence/delete/?id={occurrence.pk}"),
    ):
        response = attempt()
        assert response.status_code == 302
        assert "cancel the date instead" in client.get(response["Location"]).content.decode()
        assert Occurrence.objects.filter(pk=occurrence.pk).exists()
