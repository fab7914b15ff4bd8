"""The one rule for control characters in text that reaches Convene."""

import re

# C0 controls and DEL, except tab, line feed and carriage return (they are ordinary in a textarea).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a URL path, a parameter name or a cookie nothing below a space has any use.
ANY_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")
# Everything a mail client or a header would take as the end of a line.
LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def has_nul(value):
    return "\x00" in value


def has_control_characters(value, *, multiline=True):
    """True when `value` holds a control character (tab, CR and LF allowed when `multiline`)."""
    pattern = CONTROL_CHARACTERS if multiline else ANY_CONTROL_CHARACTER
    return bool(pattern.search(value))


def strip_control_characters(value):
    """`value` without control characters other than tab, CR and LF."""
    return CONTROL_CHARACTERS.sub("", value)


def single_line(value, max_length=None):
    """`value` on one line: line breaks and control characters become single spaces."""
    text = LINE_BREAKS.sub(" ", str(value))
    text = ANY_CONTROL_CHARACTER.sub(" ", text)
    text = re.sub(r" {2,}", " ", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
