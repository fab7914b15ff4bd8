"""Guards at the seams: each kind of untrusted input is checked in one place, reused everywhere.

- text: NUL and control characters (middleware for every request; ``text.py`` for the rule)
- ids in URLs: the ``id`` path converter (``converters.py``), ids in form data: ``numbers.parse_id``
- numbers: ``numbers.parse_finite_decimal``
- dates: a sane range for every date form field (``dates.py``); each model checks its own order
- email subjects: ``text.single_line`` through ``mail.email_subject``
- response headers: Content-Security-Policy (django-csp) and Permissions-Policy (``headers.py``)

This app depends on nothing of Convene's; every other app may use it.
"""
