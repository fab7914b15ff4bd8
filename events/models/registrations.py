import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..money import CentsField, TaxTreatment, price_text, total_cents

# No 0/O, 1/I/L: codes are read aloud and typed at the door.
TICKET_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_ticket_code():
    return "".join(secrets.choice(TICKET_CODE_ALPHABET) for _ in range(10))


class TicketType(models.Model):
    """A kind of ticket for an event: free RSVP (price 0) or paid. Quantity is per date."""

    event = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("name"), max_length=100)
    price_cents = CentsField(_("price"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    tax = models.CharField(
        _("sales tax"),
        max_length=10,
        choices=TaxTreatment.choices,
        blank=True,
        default=TaxTreatment.NONE,
        help_text=_("Whether the price includes sales tax (HST), or tax is added to it at checkout."),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, help_text=_("Per date. Leave empty to share the event's capacity.")
    )
    sales_start = models.DateTimeField(_("sales start"), null=True, blank=True)
    sales_end = models.DateTimeField(_("sales end"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("price_cents"), FieldPanel("currency"), FieldPanel("tax")]),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("sales_start"), FieldPanel("sales_end")]),
    ]

    class Meta:
        ordering = ["price_cents", "name"]
        verbose_name = _("ticket type")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.sales_start and self.sales_end and self.sales_end <= self.sales_start:
            raise ValidationError({"sales_end": _("Sales must end after they start.")})

    @property
    def is_free(self):
        return self.price_cents == 0

    @property
    def price_display(self):
        return price_text(self.price_cents, self.currency, self.tax)

    @property
    def total_cents(self):
        """What a buyer pays, tax included."""
        return total_cents(self.price_cents, self.tax)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")


class Question(Orderable):
    """Something the organizer asks each registrant (dietary needs, T-shirt size...)."""

    event = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a choice question: one option per line."))
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.label

    @property
    def key(self):
        return f"q{self.pk}"

    def option_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    BY_PARTICIPANT = "participant", _("Cancelled by the participant")
    BY_ORGANIZER = "organizer", _("Cancelled by the organizer")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
    DATE_CANCELLED = "date_cancelled", _("Date cancelled")
    DATE_CHANGED = "date_changed", _("Cancelled after the date changed")
    HOLD_EXPIRED = "hold_expired", _("Payment time ran out")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")


class Registration(models.Model):
    """A person's place (or place in line) for one occurrence."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    occurrence = models.ForeignKey("events.Occurrence", on_delete=models.PROTECT, related_name="registrations")
    ticket_type = models.ForeignKey(
        "events.TicketType", null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    code = models.CharField(_("ticket code"), max_length=16, unique=True, default=new_ticket_code, editable=False)
    # The waitlist is served in (waitlisted_at, pk) order.
    waitlisted_at = models.DateTimeField(_("joined the waitlist"), null=True, blank=True)
    coc_accepted_at = models.DateTimeField(_("accepted the code of conduct"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=20, choices=CancelReason.choices, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_warning_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "occurrence"],
                condition=~models.Q(status="cancelled"),
                name="one_active_registration_per_occurrence",
            )
        ]
        indexes = [
            models.Index(fields=["occurrence", "status"]),
            models.Index(fields=["status", "hold_expires_at"]),
        ]

    def __str__(self):
        return f"{self.user} – {self.occurrence} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status != RegistrationStatus.CANCELLED

    @property
    def is_paid_ticket(self):
        return self.ticket_type_id is not None and not self.ticket_type.is_free

    def hold_is_live(self, now):
        return self.status == RegistrationStatus.PENDING_PAYMENT and (
            self.hold_expires_at is None or self.hold_expires_at > now
        )


class AuditLog(models.Model):
    """One row per state change of a registration or payment: who, what, when."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_log"
    )
    payment = models.ForeignKey("events.Payment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey(
        "events.Occurrence", null=True, blank=True, on_delete=models.CASCADE, related_name="audit_log"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("audit log entry")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action}"


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    OPEN = "open", _("Waiting for payment")
    PROCESSING = "processing", _("Processing")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUND_PENDING = "refund_pending", _("Refund pending")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    """One Stripe Checkout Session for a registration."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    stripe_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("payment")

    def __str__(self):
        return f"{self.amount_cents / 100:.2f} {self.currency} ({self.status})"


class StripeEvent(models.Model):
    """A Stripe event id already processed; written in the same transaction as its effect."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("processed Stripe event")

    def __str__(self):
        return self.event_id


class StripeTaxRate(models.Model):
    """A Stripe Tax Rate object, created once per (percentage, inclusive) and reused on every Checkout."""

    percentage = models.DecimalField(max_digits=6, decimal_places=3)
    inclusive = models.BooleanField()
    stripe_id = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["percentage", "inclusive"], name="one_stripe_tax_rate_per_kind")]

    def __str__(self):
        return self.stripe_id


class MessageSegment(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed attendees")
    WAITLISTED = "waitlisted", _("People on the waitlist")
    CHECKED_IN = "checked_in", _("People who checked in")
    NO_SHOW = "no_show", _("No-shows (confirmed, not checked in)")
    EVERYONE = "everyone", _("Everyone registered for the date")


class AttendeeEmail(models.Model):
    """An organizer's message to one segment of a date's registrants, sent by the worker, now or at
    `send_at`. Its recipients are listed once, when sending starts, and each is sent to once."""

    occurrence = models.ForeignKey("events.Occurrence", on_delete=models.CASCADE, related_name="attendee_emails")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    segment = models.CharField(
        _("send to"), max_length=20, choices=MessageSegment.choices, default=MessageSegment.CONFIRMED
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    reply_to = models.EmailField(_("replies go to"), blank=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    listed_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email to attendees")

    def __str__(self):
        return self.subject

    @property
    def state(self):
        if self.cancelled_at:
            return "cancelled"
        if self.finished_at:
            return "finished"
        if self.listed_at:
            return "sending"
        return "scheduled" if self.send_at else "queued"


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")


class AttendeeEmailRecipient(models.Model):
    """One person a message goes to. The unique pair and the pending -> sending claim make sure
    nobody gets the same message twice, whichever workers run it."""

    message = models.ForeignKey(AttendeeEmail, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="one_copy_per_recipient")]

    def __str__(self):
        return f"{self.message_id} -> {self.user_id} ({self.status})"
