"""Discount codes for an event's paid tickets: Stripe Promotion Codes, entered by buyers at Checkout.

Each code is a Stripe Coupon limited to the event's Stripe Product (so it works for this event only)
and a Promotion Code customers type. The row is written first and its id keys every Stripe request,
so a retried request creates nothing twice; if Stripe refuses, the row goes and nothing is left behind.
"""

import logging
import re

import stripe
from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import PaymentError
from ..models import PromotionCode
from ..money import payments_configured
from ..permissions import can_manage_event
from .audit import audit
from .payments import event_product_id, stripe_client

logger = logging.getLogger(__name__)

# What Stripe accepts in a promotion code (letters, digits, dashes); we keep codes upper case.
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


class DiscountError(PaymentError):
    """A discount code could not be created or changed; the message says why."""


def normalise_code(raw):
    return (raw or "").strip().upper()


def validate_discount(code, percent_off, amount_off_cents, max_redemptions):
    if not CODE_PATTERN.match(code):
        raise DiscountError(_("A code has 3 to 40 letters, digits or dashes, e.g. EARLY-BIRD."))
    if (percent_off is None) == (amount_off_cents is None):
        raise DiscountError(_("Give either a percentage or an amount off, not both."))
    if percent_off is not None and not 1 <= percent_off <= 100:
        raise DiscountError(_("A percentage off is between 1 and 100."))
    if amount_off_cents is not None and amount_off_cents <= 0:
        raise DiscountError(_("An amount off is more than $0."))
    if max_redemptions is not None and max_redemptions < 1:
        raise DiscountError(_("Allow at least one use, or leave the number of uses empty."))


def create_promotion_code(event, *, actor, code, percent_off=None, amount_off_cents=None, max_redemptions=None):
    if not can_manage_event(actor, event):
        raise DiscountError(_("Only the event's organizers can create its discount codes."))
    if not payments_configured():
        raise DiscountError(_("Online payments are not set up on this site, so there is nothing to discount."))
    code = normalise_code(code)
    validate_discount(code, percent_off, amount_off_cents, max_redemptions)
    currency = (event.ticket_types.exclude(price_cents=0).values_list("currency", flat=True).first() or "CAD").upper()
    with transaction.atomic():
        if PromotionCode.objects.select_for_update().filter(code__iexact=code).exists():
            raise DiscountError(_("The code %(code)s is already in use; choose another.") % {"code": code})
        promo = PromotionCode.objects.create(
            event=event,
            code=code,
            percent_off=percent_off,
            amount_off_cents=amount_off_cents,
            currency=currency,
            max_redemptions=max_redemptions,
            created_by=actor,
        )
    try:
        client = stripe_client()
        product = event_product_id(client, event)
        coupon_params = {
            "duration": "once",
            "name": code,
            "applies_to": {"products": [product]},
            "metadata": {"event": str(event.pk), "promotion_code": str(promo.pk)},
        }
        if percent_off is not None:
            coupon_params["percent_off"] = percent_off
        else:
            coupon_params.update(amount_off=amount_off_cents, currency=currency.lower())
        coupon = client.v1.coupons.create(
            params=coupon_params, options={"idempotency_key": f"convene-promotion-{promo.pk}-coupon"}
        )
        promo_params = {
            "promotion": {"type": "coupon", "coupon": coupon.id},
            "code": code,
            "metadata": {"event": str(event.pk)},
        }
        if max_redemptions is not None:
            promo_params["max_redemptions"] = max_redemptions
        stripe_promo = client.v1.promotion_codes.create(
            params=promo_params, options={"idempotency_key": f"convene-promotion-{promo.pk}-code"}
        )
    except (stripe.StripeError, PaymentError) as error:
        logger.warning("Stripe refused discount code %s: %s", promo.pk, type(error).__name__)
        promo.delete()
        # Stripe's reason when it refused what we asked (e.g. a code already used in the account); ours otherwise.
        refused = isinstance(error, stripe.InvalidRequestError) and error.user_message
        message = refused or _("Stripe could not create the code. Please try again.")
        raise DiscountError(message) from None
    promo.stripe_coupon_id = coupon.id
    promo.stripe_promotion_code_id = stripe_promo.id
    promo.save(update_fields=["stripe_coupon_id", "stripe_promotion_code_id"])
    audit("discount.created", actor=actor, code=code, event=event.pk, promotion_code=stripe_promo.id)
    return promo


def deactivate_promotion_code(promo, *, actor):
    if not can_manage_event(actor, promo.event):
        raise DiscountError(_("Only the event's organizers can change its discount codes."))
    if not promo.active:
        return promo
    try:
        stripe_client().v1.promotion_codes.update(promo.stripe_promotion_code_id, params={"active": False})
    except stripe.StripeError as error:
        logger.warning("Stripe refused to deactivate discount code %s: %s", promo.pk, type(error).__name__)
        raise DiscountError(_("Stripe could not turn the code off. Please try again.")) from None
    promo.active = False
    promo.save(update_fields=["active"])
    audit("discount.deactivated", actor=actor, code=promo.code, event=promo.event_id)
    return promo
