"""The `id` path converter: every URL pattern with a database id uses `<id:name>`.

Django's `int` converter accepts any number of digits; a 30-digit id then reaches the database,
which on SQLite raises OverflowError (a 500) for lookups through a foreign key. `id` matches only
what a database id can be, so anything else is a 404 before a view runs.
"""

from django.urls import register_converter

from .numbers import MAX_ID, MAX_ID_DIGITS


class IdConverter:
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("not a database id")  # the resolver tries the next pattern, then 404s
        return number

    def to_url(self, value):
        return str(int(value))


register_converter(IdConverter, "id")
