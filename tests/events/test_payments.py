"""Stripe: Checkout through the real stripe-python client against a local fake API, signed webhooks."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import AuditLog, Payment, Registration, StripeEvent
from events.services.cancellation import cancel_event, cancel_registration
from events.services.payments import start_checkout
from events.services.registration import register
from tests.fakes.stripe_server import sign

from .conftest import date_locked_elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_event(seated_event):
    def build(capacity=5, price=2500, **fields):
        return seated_event(capacity=capacity, tickets=[("Regular", price, None)], **fields)

    return build


@pytest.fixture
def checkout(fake_stripe):
    def start(registration):
        payment = start_checkout(
            registration, success_url="http://testserver/ok", cancel_url="http://testserver/cancel"
        )
        return payment, payment.stripe_session_id

    return start


def test_registering_for_a_paid_ticket_opens_a_checkout_session(client, make_user, paid_event, fake_stripe):
    event = paid_event(price=2500)
    occurrence = event.occurrences.get()
    ticket = event.ticket_types.get()
    user = make_user(email="payer@example.org")
    client.force_login(user)
    response = client.post(
        reverse("events:register", args=[occurrence.pk]), {f"reg{occurrence.pk}-ticket_type": ticket.pk}
    )
    registration = Registration.objects.get(user=user)
    payment = Payment.objects.get(registration=registration)
    assert registration.status == "pending_payment"
    assert response.status_code == 302 and response["Location"] == payment.checkout_url
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"] == f"convene-registration-{registration.pk}-payment-{payment.pk}"
    params = call["params"]
    assert params["line_items"][0]["price_data"] == {
        "currency": "cad",
        "unit_amount": "2500",
        "product_data": {"name": f"{event.title} – Regular"},
    }
    assert params["metadata"] == {"registration": str(registration.pk), "payment": str(payment.pk)}
    assert params["customer_email"] == "payer@example.org"
    # The session lives as long as the hold (Stripe's minimum being 30 minutes).
    assert int(params["expires_at"]) >= int(registration.hold_expires_at.timestamp())


def test_paying_again_reuses_the_open_session(make_user, paid_event, checkout, fake_stripe):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    first, _ = checkout(registration)
    second, _ = checkout(registration)
    assert first.pk == second.pk
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_a_stripe_outage_is_a_clear_error_and_the_retry_reuses_the_idempotency_key(
    client, make_user, paid_event, fake_stripe
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    fake_stripe.fail_next = 3  # the client retries twice, then gives up
    client.force_login(registration.user)
    response = client.post(reverse("events:pay", args=[registration.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("events:me")
    assert "could not be started" in client.get(reverse("events:me")).content.decode()
    client.post(reverse("events:pay", args=[registration.pk]))
    keys = {c["headers"]["Idempotency-Key"] for c in fake_stripe.calls("POST", "/v1/checkout/sessions")}
    assert len(keys) == 1
    assert Payment.objects.get().status == "open"


@pytest.mark.parametrize(
    "signature",
    [False, "t=1,v1=deadbeef", "garbage", None],
    ids=["missing", "wrong", "malformed", "other-secret"],
)
def test_webhook_without_a_valid_signature_is_400_and_changes_nothing(
    make_user, paid_event, checkout, fake_stripe, deliver, signature
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    _, session_id = checkout(registration)
    stripe_event = fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id))
    if signature is None:
        response = deliver(stripe_event, secret="whsec_someone_else")
    else:
        response = deliver(stripe_event, signature=signature)
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "pending_payment"
    assert not StripeEvent.objects.exists()


def test_completed_payment_confirms_once_even_when_delivered_twice(
    make_user, paid_event, checkout, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    stripe_event = fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id))
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(stripe_event)
        second = deliver(stripe_event)
    assert first.status_code == 200 and first.content == b"confirmed"
    assert second.status_code == 200 and second.content == b"duplicate"
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == "confirmed" and registration.hold_expires_at is None
    assert payment.status == "paid" and payment.stripe_payment_intent.startswith("pi_")
    assert AuditLog.objects.filter(action="registration.confirmed").count() == 1
    assert [m.subject for m in mail.outbox if m.to == [registration.user.email]][-1].startswith("You're registered")


def test_expired_arriving_after_completed_does_not_undo_the_payment(
    make_user, paid_event, checkout, fake_stripe, deliver
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    completed = fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id))
    expired = fake_stripe.event("checkout.session.expired", fake_stripe.expire(session_id))
    assert deliver(completed).content == b"confirmed"
    assert deliver(expired).content == b"already settled"
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == "confirmed" and payment.status == "paid"


def test_payment_after_the_hold_expired_and_the_seat_went_is_refunded_and_the_person_told(
    make_user, paid_event, checkout, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    event = paid_event(capacity=1)
    ticket = event.ticket_types.get()
    occurrence = event.occurrences.get()
    late = register(make_user(email="late@example.org"), occurrence, ticket_type=ticket)
    payment, session_id = checkout(late)
    waiting = register(make_user(), occurrence, ticket_type=ticket)
    Registration.objects.filter(pk=late.pk).update(hold_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id)))
    assert response.content == b"refunding late payment"
    late.refresh_from_db()
    waiting.refresh_from_db()
    payment.refresh_from_db()
    assert late.status == "cancelled" and waiting.status == "pending_payment"
    assert payment.status == "refunded"
    (refund_call,) = fake_stripe.calls("POST", "/v1/refunds")
    assert refund_call["params"]["payment_intent"] == payment.stripe_payment_intent
    assert refund_call["headers"]["Idempotency-Key"] == f"convene-refund-payment-{payment.pk}"
    subjects = [m.subject for m in mail.outbox if m.to == ["late@example.org"]]
    assert any("after the seat was gone" in s for s in subjects)
    assert any(s.startswith("Refund issued") for s in subjects)


def test_late_payment_keeps_the_seat_when_it_is_still_free(make_user, paid_event, checkout, fake_stripe, deliver):
    event = paid_event(capacity=1)
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    Registration.objects.filter(pk=registration.pk).update(
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id))).content == (
        b"confirmed late"
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert not fake_stripe.calls("POST", "/v1/refunds")


def test_delayed_payment_keeps_the_seat_then_a_failure_releases_it_to_the_waitlist(
    make_user, paid_event, checkout, fake_stripe, deliver
):
    event = paid_event(capacity=1)
    ticket = event.ticket_types.get()
    occurrence = event.occurrences.get()
    registration = register(make_user(), occurrence, ticket_type=ticket)
    payment, session_id = checkout(registration)
    waiting = register(make_user(), occurrence, ticket_type=ticket)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id, payment_status="unpaid")))
    registration.refresh_from_db()
    assert registration.status == "pending_payment" and registration.hold_expires_at is None
    assert (
        deliver(fake_stripe.event("checkout.session.async_payment_failed", fake_stripe.sessions[session_id])).content
        == b"failed"
    )
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == "cancelled" and registration.cancel_reason == "payment_failed"
    assert waiting.status == "pending_payment"


def test_delayed_payment_that_succeeds_confirms(make_user, paid_event, checkout, fake_stripe, deliver):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    _, session_id = checkout(registration)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id, payment_status="unpaid")))
    succeeded = fake_stripe.event("checkout.session.async_payment_succeeded", fake_stripe.pay(session_id))
    assert deliver(succeeded).content == b"confirmed"
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancelling_a_paid_ticket_refunds_it_and_the_refund_webhook_changes_nothing_more(
    make_user, paid_event, checkout, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id)))
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration, actor=registration.user)
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.stripe_refund_id.startswith("re_")
    emails_before = len(mail.outbox)
    refunded = fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(payment.stripe_payment_intent))
    assert deliver(refunded).content == b"already refunded"
    assert len(mail.outbox) == emails_before


def test_refund_made_in_stripes_dashboard_cancels_the_registration(
    make_user, paid_event, checkout, fake_stripe, deliver
):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id)))
    payment.refresh_from_db()
    deliver(fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(payment.stripe_payment_intent)))
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == "refunded" and registration.status == "cancelled"


def test_cancelling_the_event_notifies_everyone_and_refunds_paid_tickets(
    make_user, paid_event, checkout, fake_stripe, deliver, organizer, django_capture_on_commit_callbacks
):
    user, group = organizer
    event = paid_event(capacity=1, group=group)
    occurrence = event.occurrences.get()
    ticket = event.ticket_types.get()
    paid = register(make_user(), occurrence, ticket_type=ticket)
    _, session_id = checkout(paid)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id)))
    waiting = register(make_user(), occurrence, ticket_type=ticket)
    with pytest.raises(Exception, match="organizers"):
        cancel_event(event, actor=make_user())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel_event(event, actor=user) == 2
    assert {m.to[0] for m in mail.outbox if m.subject.startswith("Event cancelled")} == {
        paid.user.email,
        waiting.user.email,
    }
    assert Payment.objects.get(registration=paid).status == "refunded"
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert not Registration.objects.exclude(status="cancelled").exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL lock_timeout")
@pytest.mark.django_db(transaction=True)
def test_a_lock_timeout_answers_503_so_stripe_retries_and_nothing_is_recorded(
    make_user, paid_event, checkout, fake_stripe, deliver
):

    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    _, session_id = checkout(registration)
    stripe_event = fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id))
    with date_locked_elsewhere(registration.occurrence_id):
        response = deliver(stripe_event)
    assert response.status_code == 503
    assert not StripeEvent.objects.exists()
    registration.refresh_from_db()
    assert registration.status == "pending_payment"
    # Stripe retries later and it goes through.
    assert deliver(stripe_event).content == b"confirmed"


def test_signature_helper_matches_stripes_scheme():
    import stripe

    payload = '{"id": "evt_1", "object": "event"}'
    header = sign(payload, "whsec_x")
    assert stripe.WebhookSignature.verify_header(payload, header, "whsec_x")


def test_a_refund_that_fails_is_retried_by_the_periodic_command(
    make_user, paid_event, checkout, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(session_id)))
    fake_stripe.fail_next = 3  # Stripe is down: the client's retries all fail
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration, actor=registration.user)
    payment.refresh_from_db()
    assert payment.status == "refund_pending"
    Payment.objects.filter(pk=payment.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=15))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_holds")
    payment.refresh_from_db()
    assert payment.status == "refunded"
    refund_keys = {c["headers"]["Idempotency-Key"] for c in fake_stripe.calls("POST", "/v1/refunds")}
    assert refund_keys == {f"convene-refund-payment-{payment.pk}"}


def test_a_released_hold_closes_its_checkout_session_so_nobody_pays_for_a_lost_seat(
    make_user, paid_event, checkout, fake_stripe, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    payment, session_id = checkout(registration)
    paid_meanwhile = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    other_payment, other_session = checkout(paid_meanwhile)
    fake_stripe.pay(other_session)  # paid on Stripe's page; the webhook has not arrived yet
    past = timezone.now() - datetime.timedelta(minutes=1)
    Registration.objects.filter(pk__in=[registration.pk, paid_meanwhile.pk]).update(hold_expires_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_holds")
    assert fake_stripe.sessions[session_id]["status"] == "expired"
    assert AuditLog.objects.filter(payment=payment, action="payment.checkout_closed").exists()
    # Stripe refuses to expire a completed session; its webhook then decides (kept or refunded).
    assert fake_stripe.sessions[other_session]["status"] == "complete"
    assert not AuditLog.objects.filter(payment=other_payment, action="payment.checkout_closed").exists()


def test_an_expired_session_is_replaced_by_a_new_one_with_a_new_key(make_user, paid_event, checkout, fake_stripe):
    event = paid_event()
    registration = register(make_user(), event.occurrences.get(), ticket_type=event.ticket_types.get())
    first, first_session = checkout(registration)
    Payment.objects.filter(pk=first.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    second, second_session = checkout(registration)
    assert second.pk != first.pk and second_session != first_session
    first.refresh_from_db()
    assert first.status == "expired"
    keys = [c["headers"]["Idempotency-Key"] for c in fake_stripe.calls("POST", "/v1/checkout/sessions")]
    assert len(set(keys)) == 2
