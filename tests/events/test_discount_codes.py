"""Discount codes: organizers create them in Convene as Stripe promotion codes limited to their event;
buyers type them at Stripe Checkout (the fake Stripe API checks the code the way Checkout does)."""

import pytest
from django.urls import reverse

from events.models import AuditLog, Payment, PromotionCode, TicketType
from events.services.payments import start_checkout
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(seated_event, organizer):
    user, group = organizer
    event = seated_event(capacity=10, group=group)
    TicketType.objects.create(event=event, name="Regular", price_cents=2000)
    return event


def _create(client, event, **data):
    return client.post(reverse("events:organize_discounts", args=[event.pk]), data)


def _checkout(registration):
    return start_checkout(registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")


def test_organizer_creates_a_code_limited_to_the_event(client, organizer, paid, fake_stripe):
    client.force_login(organizer[0])
    response = _create(client, paid, code="early-bird", percent_off="25", max_redemptions="50")
    assert response.status_code == 302
    promo = PromotionCode.objects.get()
    assert promo.code == "EARLY-BIRD" and promo.active
    (product,) = fake_stripe.products.values()
    coupon = fake_stripe.coupons[promo.stripe_coupon_id]
    assert coupon["percent_off"] == "25" and coupon["applies_to"] == {"products": [product["id"]]}
    stripe_promo = fake_stripe.promotion_codes[promo.stripe_promotion_code_id]
    assert stripe_promo["code"] == "EARLY-BIRD" and stripe_promo["max_redemptions"] == "50"
    page = client.get(reverse("events:organize_discounts", args=[paid.pk])).content.decode()
    assert "EARLY-BIRD" in page and "25% off" in page
    assert AuditLog.objects.filter(action="discount.created").count() == 1


def test_buyer_types_the_code_at_checkout_and_pays_less(
    client, organizer, paid, make_user, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    client.force_login(organizer[0])
    _create(client, paid, code="FRIENDS", amount_off="5")
    registration = register(make_user(), paid.occurrences.get(), ticket_type=paid.ticket_types.get())
    payment = _checkout(registration)
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call["params"]["allow_promotion_codes"] == "true"
    session = fake_stripe.pay(payment.stripe_session_id, promotion_code="friends")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(fake_stripe.event("checkout.session.completed", session)).content == b"confirmed"
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert payment.amount_cents == 1500  # $20 less $5


def test_a_code_does_not_work_for_another_event(client, organizer, paid, seated_event, make_user, fake_stripe):
    client.force_login(organizer[0])
    _create(client, paid, code="ONLYHERE", percent_off="50")
    other = seated_event(capacity=10)
    TicketType.objects.create(event=other, name="Regular", price_cents=2000)
    registration = register(make_user(), other.occurrences.get(), ticket_type=other.ticket_types.get())
    payment = _checkout(registration)
    with pytest.raises(ValueError, match="no field for promotion codes"):
        fake_stripe.pay(payment.stripe_session_id, promotion_code="ONLYHERE")


def test_a_code_turned_off_stops_working(client, organizer, paid, make_user, fake_stripe):
    client.force_login(organizer[0])
    _create(client, paid, code="SOON-GONE", percent_off="10")
    promo = PromotionCode.objects.get()
    assert client.post(reverse("events:organize_discount_off", args=[promo.pk])).status_code == 302
    promo.refresh_from_db()
    assert not promo.active and not fake_stripe.promotion_codes[promo.stripe_promotion_code_id]["active"]
    registration = register(make_user(), paid.occurrences.get(), ticket_type=paid.ticket_types.get())
    payment = _checkout(registration)
    assert "allow_promotion_codes" not in fake_stripe.calls("POST", "/v1/checkout/sessions")[-1]["params"]
    with pytest.raises(ValueError):
        fake_stripe.pay(payment.stripe_session_id, promotion_code="SOON-GONE")
    assert Payment.objects.get().amount_cents == 2000


@pytest.mark.parametrize(
    "data",
    [
        {"code": "x", "percent_off": "10"},
        {"code": "NO SPACES", "percent_off": "10"},
        {"code": "UNDER_SCORE", "percent_off": "10"},
        {"code": "BOTH", "percent_off": "10", "amount_off": "5"},
        {"code": "NEITHER"},
        {"code": "TOOMUCH", "percent_off": "101"},
        {"code": "NEGATIVE", "amount_off": "-5"},
    ],
)
def test_bad_codes_are_form_errors_and_nothing_is_created(client, organizer, paid, fake_stripe, data):
    client.force_login(organizer[0])
    response = _create(client, paid, **data)
    assert response.status_code == 400
    assert not PromotionCode.objects.exists()
    assert not fake_stripe.calls("POST", "/v1/coupons")


def test_another_groups_organizer_is_refused_and_nothing_changes(client, paid, make_user, make_group, fake_stripe):
    stranger = make_user()
    other = make_group()
    other.organizers.add(stranger)
    other.save()
    client.force_login(stranger)
    assert _create(client, paid, code="MINE", percent_off="90").status_code == 403
    assert client.get(reverse("events:organize_discounts", args=[paid.pk])).status_code == 403
    assert not PromotionCode.objects.exists() and not fake_stripe.requests


def test_stripe_outage_leaves_no_code_behind(client, organizer, paid, fake_stripe):
    client.force_login(organizer[0])
    fake_stripe.fail_next = 3
    response = _create(client, paid, code="OUTAGE", percent_off="10")
    assert response.status_code == 400
    assert "Stripe could not create the code" in response.content.decode()
    assert not PromotionCode.objects.exists()


def test_without_payments_configured_no_code_is_made(client, organizer, paid, settings):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(organizer[0])
    response = _create(client, paid, code="NOPAY", percent_off="10")
    assert response.status_code == 400 and "not set up" in response.content.decode()
    assert not PromotionCode.objects.exists()
