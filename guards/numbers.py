"""Numbers from forms and URLs: ASCII digits only, within the database's range, and finite."""

import re
from decimal import Decimal

# The largest value of a signed 64-bit integer: the widest integer column on SQLite and PostgreSQL.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(value):
    """A positive database id from text, or None (non-ASCII digits, signs, spaces or out of range)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_ID_DIGITS or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values):
    """Ids from a list of texts; None when any of them is not an id."""
    ids = [parse_id(value) for value in values]
    return None if any(i is None for i in ids) else ids


PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def parse_finite_decimal(value, *, max_digits=12, decimal_places=None):
    """A Decimal from plain text like '2' or '1.25' (no NaN, infinity or exponent), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not PLAIN_DECIMAL.fullmatch(text) or len(text) > max_digits + 2:
        return None
    number = Decimal(text)
    if decimal_places is not None and number != number.quantize(Decimal(1).scaleb(-decimal_places)):
        return None
    return number
