"""Paid tickets as people expect them: Stripe's own receipt, and HST included in or added to the price
as the organizer chose, on the page and at Stripe Checkout (the fake Stripe API does Stripe's arithmetic)."""

import pytest

from events.forms import RegistrationForm
from events.models import Payment, StripeTaxRate, TicketType
from events.services.payments import start_checkout
from events.services.registration import register

pytestmark = pytest.mark.django_db


def _checkout(registration):
    return start_checkout(registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")


def _event_with(seated_event, tax):
    event = seated_event(capacity=5)
    ticket = TicketType.objects.create(event=event, name="Regular", price_cents=1500, tax=tax)
    return event, ticket


def test_stripe_sends_its_receipt_to_the_buyer(make_user, seated_event, fake_stripe):
    event, ticket = _event_with(seated_event, "")
    registration = register(make_user(email="payer@example.org"), event.occurrences.get(), ticket_type=ticket)
    _checkout(registration)
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call["params"]["payment_intent_data"]["receipt_email"] == "payer@example.org"
    assert "tax_rates" not in call["params"]["line_items"][0]


def test_hst_added_is_shown_and_charged_on_top(make_user, seated_event, fake_stripe):
    event, ticket = _event_with(seated_event, "added")
    label = {str(v): text for v, text in RegistrationForm(event=event).fields["ticket_type"].choices}
    assert label[str(ticket.pk)] == "Regular – $15.00 CAD + HST ($16.95 CAD)"
    registration = register(make_user(), event.occurrences.get(), ticket_type=ticket)
    payment = _checkout(registration)
    session = fake_stripe.sessions[payment.stripe_session_id]
    assert session["amount_total"] == 1695 == payment.amount_cents
    (rate,) = fake_stripe.tax_rates.values()
    assert rate["display_name"] == "HST" and rate["percentage"] == 13 and rate["inclusive"] is False
    assert session["line_items"][0]["tax_rates"] == [rate["id"]]


def test_hst_included_is_shown_and_the_price_stays(make_user, seated_event, fake_stripe):
    event, ticket = _event_with(seated_event, "included")
    assert ticket.price_display == "$15.00 CAD, HST included"
    payment = _checkout(register(make_user(), event.occurrences.get(), ticket_type=ticket))
    assert fake_stripe.sessions[payment.stripe_session_id]["amount_total"] == 1500 == payment.amount_cents
    (rate,) = fake_stripe.tax_rates.values()
    assert rate["inclusive"] is True


def test_the_tax_rate_is_created_once_and_reused(make_user, seated_event, fake_stripe):
    event, ticket = _event_with(seated_event, "added")
    occurrence = event.occurrences.get()
    for _ in range(3):
        _checkout(register(make_user(), occurrence, ticket_type=ticket))
    assert len(fake_stripe.calls("POST", "/v1/tax_rates")) == 1
    assert StripeTaxRate.objects.count() == 1
    assert Payment.objects.filter(amount_cents=1695).count() == 3
