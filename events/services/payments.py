"""Stripe Checkout for paid tickets, webhooks, and refunds.

Network calls to Stripe never happen while a seat lock is held: a Checkout Session is created after
the registration (and its hold) committed, and refunds run in the task worker after the cancellation
committed. Webhook effects are applied under the date's lock, in the transaction that records the
Stripe event id, so a repeated delivery changes nothing.
"""

import datetime
import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guards.numbers import parse_id

from ..exceptions import InvalidWebhook, PaymentError
from ..models import Payment, PromotionCode, Registration, StripeEvent, StripeProduct, StripeTaxRate
from ..models.registrations import CancelReason, PaymentStatus, RegistrationStatus
from ..money import TaxTreatment, tax_percent
from .audit import audit
from .notifications import notify, queue_refund
from .seats import has_room, lock_occurrence
from .stripe_events import checked_event
from .waitlist import refresh_occurrence

logger = logging.getLogger(__name__)

# Stripe refuses a Checkout Session that expires sooner than 30 minutes or later than 24 hours.
MIN_SESSION = datetime.timedelta(minutes=31)
MAX_SESSION = datetime.timedelta(hours=23, minutes=59)
SETTLED = (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED)


def stripe_client():
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentError(_("Online payment is not configured on this site."))
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)


def session_expiry(registration, now):
    wanted = registration.hold_expires_at or now + MAX_SESSION
    return min(max(wanted, now + MIN_SESSION), now + MAX_SESSION)


def start_checkout(registration, *, success_url, cancel_url, now=None):
    """Create (or reuse) the Checkout Session paying for a held seat; returns the Payment."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("ticket_type", "user", "occurrence__event")
            .get(pk=registration.pk)
        )
        if registration.status != RegistrationStatus.PENDING_PAYMENT or not registration.hold_is_live(now):
            raise PaymentError(_("This registration is not waiting for a payment."))
        ticket = registration.ticket_type
        if ticket is None or ticket.is_free:
            raise PaymentError(_("This ticket is free."))
        payment = (
            Payment.objects.filter(registration=registration, status__in=[PaymentStatus.CREATED, PaymentStatus.OPEN])
            .order_by("-pk")
            .first()
        )
        if payment and payment.status == PaymentStatus.OPEN:
            if payment.expires_at and payment.expires_at > now:
                return payment
            payment.status = PaymentStatus.EXPIRED  # its session ran out: a new attempt gets a new key
            payment.save(update_fields=["status", "updated_at"])
            audit("payment.expired", registration=registration, payment=payment)
            payment = None
        if payment is None:
            payment = Payment.objects.create(
                registration=registration, amount_cents=ticket.total_cents, currency=ticket.currency
            )
            audit("payment.created", registration=registration, payment=payment, amount=ticket.total_cents)
    expires_at = session_expiry(registration, now)
    event = registration.occurrence.event
    metadata = {"registration": str(registration.pk), "payment": str(payment.pk)}
    try:
        client = stripe_client()
        line_item = {
            "quantity": 1,
            "price_data": {
                "currency": ticket.currency.lower(),
                "unit_amount": ticket.price_cents,
                "product_data": {"name": f"{event.title} – {ticket.name}"},
            },
        }
        extra = {}
        if offers_discount_codes(event):
            # The event's discount codes are coupons limited to its product: sell the ticket as that product.
            line_item["price_data"].pop("product_data")
            line_item["price_data"]["product"] = event_product_id(client, event)
            extra["allow_promotion_codes"] = True
        if ticket.tax:
            # Stripe's own tax rate: the receipt and the Checkout page show the tax line.
            line_item["tax_rates"] = [tax_rate_id(client, inclusive=ticket.tax == TaxTreatment.INCLUDED)]
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "line_items": [line_item],
                "customer_email": registration.user.email,
                "client_reference_id": str(registration.pk),
                "metadata": metadata,
                # Stripe emails its own receipt for the payment to this address.
                "payment_intent_data": {"metadata": metadata, "receipt_email": registration.user.email},
                "expires_at": int(expires_at.timestamp()),
                "success_url": success_url,
                "cancel_url": cancel_url,
                **extra,
            },
            # Derived from the registration and this attempt: a retried request returns the same session.
            options={"idempotency_key": f"convene-registration-{registration.pk}-payment-{payment.pk}"},
        )
    except stripe.StripeError as error:
        logger.warning("Stripe Checkout Session failed for payment %s: %s", payment.pk, type(error).__name__)
        raise PaymentError(_("The payment could not be started. Please try again in a moment."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.CREATED:
            payment.status = PaymentStatus.OPEN
            payment.stripe_session_id = session.id
            payment.checkout_url = session.url
            payment.expires_at = expires_at
            payment.save(update_fields=["status", "stripe_session_id", "checkout_url", "expires_at", "updated_at"])
            audit("payment.checkout_opened", registration=registration, payment=payment, session=session.id)
    return payment


def event_product_id(client, event):
    """The event's Stripe Product, created on first need."""
    known = StripeProduct.objects.filter(event=event).first()
    if known:
        return known.stripe_id
    product = client.v1.products.create(
        params={"name": event.title, "metadata": {"event": str(event.pk)}},
        options={"idempotency_key": f"convene-event-{event.pk}-product"},
    )
    known, _created = StripeProduct.objects.get_or_create(event=event, defaults={"stripe_id": product.id})
    return known.stripe_id


def offers_discount_codes(event):
    return PromotionCode.objects.filter(event=event, active=True).exclude(stripe_promotion_code_id="").exists()


def tax_rate_id(client, *, inclusive):
    """The Stripe Tax Rate for the site's sales tax, created on first use and remembered."""
    percentage = tax_percent()
    known = StripeTaxRate.objects.filter(percentage=percentage, inclusive=inclusive).first()
    if known:
        return known.stripe_id
    rate = client.v1.tax_rates.create(
        params={
            "display_name": settings.CONVENE_SALES_TAX_NAME,
            "percentage": str(percentage),
            "inclusive": inclusive,
            "country": "CA",
        },
        # Two first checkouts at once create one rate.
        options={"idempotency_key": f"convene-tax-rate-{percentage}-{'inclusive' if inclusive else 'exclusive'}"},
    )
    known, _created = StripeTaxRate.objects.get_or_create(
        percentage=percentage, inclusive=inclusive, defaults={"stripe_id": rate.id}
    )
    return known.stripe_id


# -- webhooks -------------------------------------------------------------


def parse_webhook(payload, signature):
    """Verify Stripe-Signature (t=...,v1=HMAC-SHA256), then the event's shape; return the event as a dict.

    Raises InvalidWebhook for a missing or wrong signature and for a signed body of another shape.
    """
    if not settings.STRIPE_WEBHOOK_SECRET or not signature:
        raise InvalidWebhook("missing signature")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError):
        raise InvalidWebhook("bad signature")
    try:
        event = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidWebhook("the body is not JSON")
    return checked_event(event)


def _find_payment(event_type, obj):
    metadata = obj.get("metadata") or {}
    if event_type.startswith("checkout.session."):
        payment_id = parse_id(metadata.get("payment"))
        if payment_id:
            payment = Payment.objects.filter(pk=payment_id).first()
            if payment:
                return payment
        return Payment.objects.filter(stripe_session_id=obj.get("id") or "-").first()
    if event_type == "charge.refunded":
        intent = obj.get("payment_intent")
        return Payment.objects.filter(stripe_payment_intent=intent).first() if intent else None
    return None


HANDLED = {
    "checkout.session.completed",
    "checkout.session.expired",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "charge.refunded",
}


def process_stripe_event(event, now=None):
    """Apply one verified Stripe event, once. Returns a short outcome string for the response/log.

    Database lock timeouts propagate (OperationalError): the webhook answers 503 and Stripe retries.
    """
    now = now or timezone.now()
    if hasattr(event, "to_dict"):
        event = event.to_dict()  # stripe-python objects are not dicts
    event_id, event_type = event["id"], event["type"]
    obj = event["data"]["object"]
    try:
        with transaction.atomic():
            if StripeEvent.objects.filter(event_id=event_id).exists():
                return "duplicate"
            if event_type not in HANDLED:
                StripeEvent.objects.create(event_id=event_id, type=event_type)
                return "ignored"
            found = _find_payment(event_type, obj)
            if found is None:
                StripeEvent.objects.create(event_id=event_id, type=event_type)
                return "unknown payment"
            registration_id = found.registration_id
            occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(pk=registration_id)
            # Fixed lock order: the date, then the registration, then the payment.
            occurrence = lock_occurrence(occurrence_id)
            registration = Registration.objects.select_for_update().get(pk=registration_id)
            payment = Payment.objects.select_for_update().get(pk=found.pk)
            outcome = _apply(event_type, obj, occurrence, registration, payment, now)
            # Recorded in the same transaction as its effect; a parallel duplicate fails here and rolls back.
            StripeEvent.objects.create(event_id=event_id, type=event_type)
            return outcome
    except IntegrityError:
        if StripeEvent.objects.filter(event_id=event_id).exists():
            return "duplicate"
        raise


def _apply(event_type, obj, occurrence, registration, payment, now):
    if event_type == "checkout.session.completed":
        intent = obj.get("payment_intent") or ""
        if intent and not payment.stripe_payment_intent:
            payment.stripe_payment_intent = intent
            payment.save(update_fields=["stripe_payment_intent", "updated_at"])
        charged = obj.get("amount_total")
        if isinstance(charged, int) and charged != payment.amount_cents and payment.status not in SETTLED:
            # A discount code typed at Checkout: the payment records what the buyer was charged.
            discount = (obj.get("total_details") or {}).get("amount_discount")
            audit("payment.discounted", registration=registration, payment=payment, charged=charged, discount=discount)
            payment.amount_cents = charged
            payment.save(update_fields=["amount_cents", "updated_at"])
        if obj.get("payment_status") in ("paid", "no_payment_required"):
            return _paid(occurrence, registration, payment, now)
        if payment.status in (PaymentStatus.CREATED, PaymentStatus.OPEN):
            # A delayed method (bank debit): keep the seat while the bank confirms.
            payment.status = PaymentStatus.PROCESSING
            payment.save(update_fields=["status", "updated_at"])
            audit("payment.processing", registration=registration, payment=payment)
            if registration.hold_is_live(now):
                registration.hold_expires_at = None
                registration.save(update_fields=["hold_expires_at", "updated_at"])
                audit("registration.hold_kept_for_processing", registration=registration)
        return "processing"
    if event_type == "checkout.session.async_payment_succeeded":
        intent = obj.get("payment_intent") or ""
        if intent and not payment.stripe_payment_intent:
            payment.stripe_payment_intent = intent
            payment.save(update_fields=["stripe_payment_intent", "updated_at"])
        return _paid(occurrence, registration, payment, now)
    if event_type == "checkout.session.async_payment_failed":
        if payment.status in SETTLED or payment.status == PaymentStatus.FAILED:
            return "already settled"
        payment.status = PaymentStatus.FAILED
        payment.save(update_fields=["status", "updated_at"])
        audit("payment.failed", registration=registration, payment=payment)
        if registration.status == RegistrationStatus.PENDING_PAYMENT:
            _cancel(registration, CancelReason.PAYMENT_FAILED, now)
            notify(registration, "payment_failed")
            refresh_occurrence(occurrence, now)
        return "failed"
    if event_type == "checkout.session.expired":
        if payment.status not in (PaymentStatus.CREATED, PaymentStatus.OPEN):
            return "already settled"  # e.g. an 'expired' delivered after 'completed'
        payment.status = PaymentStatus.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        audit("payment.expired", registration=registration, payment=payment)
        refresh_occurrence(occurrence, now)
        return "expired"
    if event_type == "charge.refunded":
        if payment.status == PaymentStatus.REFUNDED:
            return "already refunded"
        if not obj.get("refunded"):
            audit("payment.partially_refunded", registration=registration, payment=payment)
            return "partial refund"
        payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["status", "updated_at"])
        audit("payment.refunded", registration=registration, payment=payment, source="stripe")
        notify(registration, "refunded")
        if registration.status != RegistrationStatus.CANCELLED:
            # Refunded from Stripe's dashboard: the ticket is no longer paid for.
            _cancel(registration, CancelReason.BY_ORGANIZER, now)
            notify(registration, "cancelled")
            refresh_occurrence(occurrence, now)
        return "refunded"
    return "ignored"


def _cancel(registration, reason, now):
    registration.status = RegistrationStatus.CANCELLED
    registration.cancel_reason = reason
    registration.cancelled_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "cancel_reason", "cancelled_at", "hold_expires_at", "updated_at"])
    audit("registration.cancelled", registration=registration, reason=reason)


def _paid(occurrence, registration, payment, now):
    if payment.status in SETTLED:
        return "already paid"
    payment.status = PaymentStatus.PAID
    payment.save(update_fields=["status", "updated_at"])
    audit("payment.paid", registration=registration, payment=payment)
    # Holds that ran out (this one included) are released first: their seats belong to the waitlist.
    refresh_occurrence(occurrence, now)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.PENDING_PAYMENT:
        _confirm(registration)
        return "confirmed"
    can_reclaim = (
        registration.status == RegistrationStatus.CANCELLED
        and registration.cancel_reason == CancelReason.HOLD_EXPIRED
        and not Registration.objects.filter(user_id=registration.user_id, occurrence_id=occurrence.pk)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
        and has_room(occurrence, registration.ticket_type, now)
        and not Registration.objects.filter(occurrence_id=occurrence.pk, status=RegistrationStatus.WAITLISTED).exists()
    )
    if can_reclaim:
        _confirm(registration)
        return "confirmed late"
    # Paid too late (the seat went to someone else), or for a registration that is gone: refund.
    payment.status = PaymentStatus.REFUND_PENDING
    payment.save(update_fields=["status", "updated_at"])
    audit("payment.refund_requested", registration=registration, payment=payment, reason="late payment")
    notify(registration, "late_payment")
    queue_refund(payment)
    return "refunding late payment"


def _confirm(registration):
    registration.status = RegistrationStatus.CONFIRMED
    registration.hold_expires_at = None
    registration.cancel_reason = ""
    registration.cancelled_at = None
    registration.save(update_fields=["status", "hold_expires_at", "cancel_reason", "cancelled_at", "updated_at"])
    audit("registration.confirmed", registration=registration, source="payment")
    notify(registration, "confirmed")


# -- refunds --------------------------------------------------------------


def issue_refund(payment_id):
    """Refund a payment marked refund_pending through Stripe's Refund API (run by the worker)."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.REFUND_PENDING:
        return payment
    intent = payment.stripe_payment_intent
    client = stripe_client()
    if not intent and payment.stripe_session_id:
        intent = client.v1.checkout.sessions.retrieve(payment.stripe_session_id).payment_intent or ""
    if not intent:
        raise PaymentError(_("This payment has no Stripe payment to refund."))
    refund = client.v1.refunds.create(
        params={"payment_intent": intent, "metadata": {"payment": str(payment.pk)}},
        options={"idempotency_key": f"convene-refund-payment-{payment.pk}"},
    )
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.REFUND_PENDING:
            return payment
        payment.status = PaymentStatus.REFUNDED
        payment.stripe_refund_id = refund.id
        payment.stripe_payment_intent = intent
        payment.save(update_fields=["status", "stripe_refund_id", "stripe_payment_intent", "updated_at"])
        registration = payment.registration
        audit("payment.refunded", registration=registration, payment=payment, refund=refund.id)
        notify(registration, "refunded")
    return payment


def retry_pending_refunds(older_than_minutes=10, now=None):
    """Periodic: queue again the refunds that have not gone through (e.g. Stripe was unreachable).

    Safe to repeat: each refund uses an idempotency key derived from the payment."""
    now = now or timezone.now()
    stale = Payment.objects.filter(
        status=PaymentStatus.REFUND_PENDING, updated_at__lte=now - datetime.timedelta(minutes=older_than_minutes)
    ).values_list("pk", flat=True)
    count = 0
    for payment_id in list(stale):
        with transaction.atomic():
            payment = Payment.objects.get(pk=payment_id)
            queue_refund(payment)
        count += 1
    return count


def expire_checkout_session(payment_id):
    """Expire the Stripe Checkout Session of a payment whose hold was released (run by the worker).

    If the customer paid in the meantime Stripe refuses, and the webhook's late-payment rule applies."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.EXPIRED or not payment.stripe_session_id:
        return False
    try:
        stripe_client().v1.checkout.sessions.expire(payment.stripe_session_id)
    except stripe.InvalidRequestError:
        return False  # already complete or expired
    audit("payment.checkout_closed", registration=payment.registration, payment=payment)
    return True
