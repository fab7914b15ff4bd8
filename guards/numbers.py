"""Numbers from forms and URLs: ASCII digits only, within the database's range, and finite."""

from decimal import Decimal, InvalidOperation

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


def parse_finite_decimal(value, *, max_digits=12, decimal_places=None):
    """A finite Decimal from text (no NaN, no infinity, no exponent tricks), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or len(text) > max_digits + 2 or not text.isascii():
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    if decimal_places is not None and number != number.quantize(Decimal(1).scaleb(-decimal_places)):
        return None
    return number
