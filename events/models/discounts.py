from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..money import CentsField, format_money


class StripeProduct(models.Model):
    """The Stripe Product an event's tickets are sold as, so a discount can be limited to this event."""

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE, related_name="stripe_product")
    stripe_id = models.CharField(max_length=255)

    def __str__(self):
        return self.stripe_id


class PromotionCode(models.Model):
    """A discount code buyers type at Stripe Checkout: a Stripe Coupon limited to the event's product,
    and the Promotion Code customers enter. Created by the event's organizers in Convene."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="promotion_codes")
    code = models.CharField(_("code"), max_length=40)
    percent_off = models.PositiveSmallIntegerField(
        _("percent off"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    amount_off_cents = CentsField(_("amount off"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    max_redemptions = models.PositiveIntegerField(_("uses allowed"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    stripe_coupon_id = models.CharField(max_length=255, blank=True)
    stripe_promotion_code_id = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("discount code")
        constraints = [models.UniqueConstraint(fields=["code"], name="promotion_code_unique_code")]

    def __str__(self):
        return self.code

    @property
    def discount_display(self):
        if self.percent_off:
            return _("%(percent)s%% off") % {"percent": self.percent_off}
        return _("%(amount)s off") % {"amount": format_money(self.amount_off_cents or 0, self.currency)}
