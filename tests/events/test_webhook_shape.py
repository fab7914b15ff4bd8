"""A correctly signed Stripe event of an unexpected shape is answered 400 and changes nothing."""

import copy

import pytest

from events.models import AuditLog, Payment, StripeEvent
from events.services.payments import start_checkout
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_user, seated_event, fake_stripe):
    event = seated_event(capacity=5, tickets=[("Regular", 2500, None)])
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment = start_checkout(registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")
    completed = fake_stripe.event("checkout.session.completed", fake_stripe.pay(payment.stripe_session_id))
    return registration, payment, completed


def _reshaped(event, change):
    event = copy.deepcopy(event)
    change(event)
    return event


SHAPES = {
    "array": lambda e: [e],
    "string": lambda e: "checkout.session.completed",
    "no data": lambda e: _reshaped(e, lambda x: x.pop("data")),
    "data is a list": lambda e: _reshaped(e, lambda x: x.update(data=[x["data"]])),
    "object is a string": lambda e: _reshaped(e, lambda x: x["data"].update(object="cs_123")),
    "metadata is a string": lambda e: _reshaped(e, lambda x: x["data"]["object"].update(metadata="payment=1")),
    "metadata holds a number": lambda e: _reshaped(e, lambda x: x["data"]["object"]["metadata"].update(payment=1)),
    "id is a number": lambda e: _reshaped(e, lambda x: x.update(id=12)),
    "no type": lambda e: _reshaped(e, lambda x: x.pop("type")),
    "id with a control character": lambda e: _reshaped(e, lambda x: x.update(id="evt_\x1b")),
    "payment intent is an object": lambda e: _reshaped(e, lambda x: x["data"]["object"].update(payment_intent={})),
    "refunded is text": lambda e: _reshaped(e, lambda x: x["data"]["object"].update(refunded="yes")),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_signed_event_of_an_unexpected_shape_is_400_and_changes_nothing(pending, deliver, shape):
    registration, payment, completed = pending
    audit_rows = AuditLog.objects.count()
    response = deliver(SHAPES[shape](completed))
    assert response.status_code == 400
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == "pending_payment" and payment.status == "open"
    assert not StripeEvent.objects.exists()
    assert AuditLog.objects.count() == audit_rows


def test_a_payment_id_in_other_digits_is_looked_up_by_the_session_instead(pending, deliver):
    # "²".isdigit() is True, but int("²") fails: the metadata is not trusted for the lookup.
    registration, payment, completed = pending
    completed["data"]["object"]["metadata"]["payment"] = "²"
    response = deliver(completed)
    assert response.status_code == 200 and response.content == b"confirmed"
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert Payment.objects.get(pk=payment.pk).status == "paid"
