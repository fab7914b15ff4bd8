"""Side effects after commit: emails and Stripe calls run in the task worker, never inside a lock."""

from django.db import transaction


def notify(registration, kind):
    """Queue the email `kind` (confirmed, waitlisted, promoted, offer_expiring, cancelled, refunded...)."""
    from ..tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def queue_refund(payment):
    from ..tasks import refund_payment

    payment_id = payment.pk
    transaction.on_commit(lambda: refund_payment.enqueue(payment_id))


def queue_session_expiry(payment):
    """Close a Checkout Session whose seat was released, so nobody pays for a seat they no longer hold."""
    if not payment.stripe_session_id:
        return
    from ..tasks import expire_checkout_session

    payment_id = payment.pk
    transaction.on_commit(lambda: expire_checkout_session.enqueue(payment_id))
