"""Money is stored in cents and typed and read in dollars."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Stripe Checkout takes at most 99,999,999 in the smallest unit.
MAX_AMOUNT = Decimal("999999.99")
DOLLAR_CURRENCIES = {"CAD", "USD", "AUD", "NZD"}


def payments_configured():
    """Stripe can take a payment and tell us about it: both the API key and the webhook secret are set."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


PAYMENTS_NOT_CONFIGURED = _(
    "Paid tickets need online payments, which are not set up on this site yet. Make the ticket free, "
    "or save a draft and ask the site's administrators to set up Stripe before publishing."
)


def format_money(cents, currency):
    """'$12.50 CAD': the amount in dollars, with the currency named so nobody guesses which dollar."""
    amount = f"{Decimal(cents) / 100:,.2f}"
    if currency.upper() in DOLLAR_CURRENCIES:
        return f"${amount} {currency.upper()}"
    return f"{amount} {currency.upper()}"


class DollarsFormField(forms.DecimalField):
    """Typed as dollars ('15' or '12.50'); cleans to whole cents."""

    def __init__(self, **kwargs):
        for key in ("max_value", "min_value", "max_digits", "decimal_places"):
            kwargs.pop(key, None)
        kwargs.setdefault("help_text", _("In dollars, e.g. 15 or 12.50. 0 makes the ticket free."))
        super().__init__(min_value=Decimal(0), max_value=MAX_AMOUNT, max_digits=8, decimal_places=2, **kwargs)
        self.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})

    def prepare_value(self, value):
        if isinstance(value, int):  # cents from the database; what the person typed stays as typed
            return f"{Decimal(value) / 100:.2f}"
        return value

    def clean(self, value):
        dollars = super().clean(value)
        return None if dollars is None else int(dollars * 100)


class CentsField(models.PositiveIntegerField):
    """An amount in cents whose form field takes dollars."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DollarsFormField, **kwargs})


class TaxTreatment(models.TextChoices):
    NONE = "", _("No sales tax")
    INCLUDED = "included", _("Tax included in the price")
    ADDED = "added", _("Tax added to the price at checkout")


def tax_percent():
    return Decimal(settings.CONVENE_SALES_TAX_PERCENT)


def tax_on(cents):
    """Tax added to a price, rounded to the cent as Stripe rounds a line item."""
    return int((Decimal(cents) * tax_percent() / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def total_cents(cents, treatment):
    """What the buyer pays."""
    return cents + tax_on(cents) if treatment == TaxTreatment.ADDED else cents


def price_text(cents, currency, treatment):
    """'$15.00 CAD', '$15.00 CAD, HST included' or '$15.00 CAD + HST ($16.95 CAD)'."""
    price = format_money(cents, currency)
    tax = settings.CONVENE_SALES_TAX_NAME
    if treatment == TaxTreatment.INCLUDED:
        return _("%(price)s, %(tax)s included") % {"price": price, "tax": tax}
    if treatment == TaxTreatment.ADDED:
        total = format_money(total_cents(cents, treatment), currency)
        return _("%(price)s + %(tax)s (%(total)s)") % {"price": price, "tax": tax, "total": total}
    return price
