"""Dates people type: within a range an event platform can hold, for every date field of every form.

PostgreSQL stores a timestamp past the year 9999 that Python cannot read back, so one event dated
9999-12-31 (23:00 in Toronto is already the year 10000 in UTC) used to break every page listing it;
SQLite fails on saving it. The range below is checked by every Django form field for dates and
date-times — the site's forms, Wagtail's page and snippet forms (including scheduled publishing),
and Django's admin — so no door lets such a value through. Whether dates are in order (an end
after its start) is each model's own rule, in its clean().
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2199, 12, 31)


def in_range(value):
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime.datetime) else value
    return EARLIEST <= day <= LATEST


def validate_date_in_range(value):
    if not in_range(value):
        raise ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def install_form_date_range():
    """Give every date and date-time form field the range check (run once, at startup)."""
    for field_class in (forms.DateField, forms.DateTimeField):
        if validate_date_in_range not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, validate_date_in_range]
