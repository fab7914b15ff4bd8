from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketType(models.Model):
    """A kind of ticket for an event: free RSVP (price 0) or paid."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("name"), max_length=100)
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    sales_start = models.DateTimeField(_("sales start"), null=True, blank=True)
    sales_end = models.DateTimeField(_("sales end"), null=True, blank=True)

    class Meta:
        ordering = ["price_cents", "name"]
        verbose_name = _("ticket type")

    def __str__(self):
        return self.name

    @property
    def is_free(self):
        return self.price_cents == 0


class RegistrationStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


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
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.user} – {self.occurrence} ({self.get_status_display()})"
