class EventsError(Exception):
    """A rule of the events domain refused an action; the message is safe to show the user."""


class RegistrationError(EventsError):
    """Registering, cancelling, checking in or changing seats was refused."""


class PaymentError(EventsError):
    """A payment could not be started or refunded."""


class InvalidWebhook(EventsError):
    """A webhook delivery without a valid signature or body."""
