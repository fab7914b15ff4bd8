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
