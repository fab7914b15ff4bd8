"""Paid tickets: prices typed and shown in dollars (stored in cents), and no paid ticket is published
while the site cannot take payments."""

import datetime

import pytest

from events.forms import RegistrationForm
from events.models import EventPage, TicketType
from events.money import format_money
from tests.guards.conftest import admin_form, staff  # noqa: F401

pytestmark = pytest.mark.django_db


def _ticket(**changes):
    return {
        "ticket_types-TOTAL_FORMS": "1",
        "ticket_types-0-name": "Supporter",
        "ticket_types-0-price_cents": "15",
        "ticket_types-0-currency": "CAD",
        "ticket_types-0-ORDER": "1",
        **changes,
    }


@pytest.fixture
def meetup(make_event, make_group):
    return make_event("Hacknight", group=make_group(), start_date=datetime.date(2030, 6, 4))


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def test_price_is_typed_in_dollars_and_stored_in_cents(client, staff, meetup, admin_form, settings):  # noqa: F811
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    client.force_login(staff)
    response = admin_form(
        edit_url(meetup), action="/edit/", button="action-publish", **_ticket(**{"ticket_types-0-price_cents": "12.50"})
    )
    assert response.status_code == 302
    ticket = TicketType.objects.get(event=meetup)
    assert ticket.price_cents == 1250
    # The editor shows it back in dollars.
    assert 'value="12.50"' in client.get(edit_url(meetup)).content.decode()


@pytest.mark.parametrize("typed", ["-5", "12.345", "1000000", "abc"])
def test_impossible_prices_are_form_errors(client, staff, meetup, admin_form, settings, typed):  # noqa: F811
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    client.force_login(staff)
    response = admin_form(
        edit_url(meetup), action="/edit/", button="action-publish", **_ticket(**{"ticket_types-0-price_cents": typed})
    )
    assert response.status_code == 200
    assert not TicketType.objects.filter(event=meetup).exists()


def test_publishing_a_paid_ticket_without_payments_is_refused(client, staff, meetup, admin_form, settings):  # noqa: F811
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "", ""
    client.force_login(staff)
    before = EventPage.objects.get(pk=meetup.pk).live_revision_id
    response = admin_form(edit_url(meetup), action="/edit/", button="action-publish", **_ticket())
    assert response.status_code == 200
    assert "Paid tickets need online payments, which are not set up on this site yet." in response.content.decode()
    assert not TicketType.objects.filter(event=meetup).exists()
    assert EventPage.objects.get(pk=meetup.pk).live_revision_id == before

    # A free ticket publishes; a paid one may wait in a draft until payments are set up.
    free = admin_form(
        edit_url(meetup), action="/edit/", button="action-publish", **_ticket(**{"ticket_types-0-price_cents": "0"})
    )
    assert free.status_code == 302
    assert TicketType.objects.get(event=meetup).price_cents == 0


def test_draft_with_a_paid_ticket_is_allowed(client, staff, meetup, admin_form, settings):  # noqa: F811
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "", ""
    client.force_login(staff)
    response = admin_form(edit_url(meetup), action="/edit/", **_ticket())
    assert response.status_code == 302
    assert not TicketType.objects.filter(event=meetup).exists()  # still only in the draft
    assert EventPage.objects.get(pk=meetup.pk).has_unpublished_changes


def test_prices_are_shown_in_dollars(seated_event):
    assert format_money(1250, "CAD") == "$12.50 CAD"
    assert format_money(150000, "usd") == "$1,500.00 USD"
    assert format_money(500, "EUR") == "5.00 EUR"
    event = seated_event(tickets=[("Supporter", 2500, None), ("Community", 0, None)])
    labels = [label for _, label in RegistrationForm(event=event).fields["ticket_type"].choices]
    assert "Supporter – $25.00 CAD" in labels and "Community – free" in labels
