"""Email subjects: every email Convene sends builds its subject here.

A subject holds titles people typed (an event's, a team's). A line break in a header would let a
title add headers of its own, so Django refuses to send such a message (BadHeaderError) — inside a
task, where nobody sees it. A subject is therefore always one line.
"""

from .text import single_line

MAX_SUBJECT_LENGTH = 200


def email_subject(template, **values):
    """`template % values` (a translated string with %(name)s fields), as a one-line subject.

    Values are made single-line before they are placed, so the template's own words stay intact.
    """
    text = str(template) % {key: single_line(value) for key, value in values.items()} if values else str(template)
    return single_line(text, max_length=MAX_SUBJECT_LENGTH)
