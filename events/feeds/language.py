"""The language a feed is written in, and an event's words in that language.

One event is one feed entry in every language: the same UID, SEQUENCE, dates, RRULE, EXDATE and
RECURRENCE-IDs. A language only changes the words (the organizer's French text when it exists, our own
strings through the catalogue) and the links (to the page in that language)."""

from django.conf import settings
from django.utils import translation

from ..bilingual import localized


def feed_language():
    """The active language as one of settings.LANGUAGES ('fr-ca' -> 'fr'); the site's language otherwise."""
    codes = [code for code, _name in settings.LANGUAGES]
    try:
        code = translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else settings.LANGUAGE_CODE


def content(obj, field, language):
    """(text, language of that text) of a page's content field: in `language` when the organizer wrote it,
    else in the language they did write (events.bilingual)."""
    found = localized(obj, field, language)
    return str(found), found.lang


def common_language(*languages):
    """The language of a text put together from parts in these languages; None when they differ (a mixed
    text gets no LANGUAGE parameter rather than a wrong one)."""
    found = {language for language in languages if language}
    return found.pop() if len(found) == 1 else None
