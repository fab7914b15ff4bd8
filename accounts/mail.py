"""What every email says about who sends it: the site's name (From display name, subject prefix, sign-off),
never the host and port a request happened to arrive on."""

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

from convene.settings.env import with_display_name


@dataclass(frozen=True)
class SiteInfo:
    """Stands in for django.contrib.sites' Site in allauth's email templates (`current_site`)."""

    name: str
    domain: str
    url: str


def site_info():
    return SiteInfo(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc, url=settings.SITE_URL)


def from_email():
    return with_display_name(settings.DEFAULT_FROM_EMAIL, settings.SITE_NAME)


def greeting_name(user):
    """The name to greet someone by in an email ("Hello Ada,"), or "" to greet them without one."""
    return getattr(user, "real_name", "") if user is not None else ""


def language_of(user):
    """The language to write to someone in: their profile's (English for an address without an account)."""
    from .languages import supported

    return supported(getattr(user, "language", None) if user is not None else None)


@contextmanager
def written_for(user):
    """Render an email for its recipient: inside, gettext, dates (events.formatting) and every reverse()
    or page URL are in the recipient's language, whatever page or worker sends it. Yields the language,
    for `language_headers`."""
    language = language_of(user)
    with translation.override(language):
        yield language


def language_headers(language):
    """Tells mail clients (and screen readers) which language the message is written in."""
    return {"Content-Language": language}
