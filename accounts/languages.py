"""The site's languages: which one a page, a link or an email is in, and the addresses in each.

English keeps the addresses it always had; French lives under /fr/ (convene/urls.py, i18n_patterns with
prefix_default_language=False). Every link the site builds for a reader goes through `localize_path` or
a `reverse()` made while that reader's language is active (`translation.override`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

# Addresses that are the same in every language (machines, the admin, Stripe, downloads of documents).
UNPREFIXED = ("/admin/", "/django-admin/", "/api/v1/", "/healthz", "/payments/stripe/webhook/", "/i18n/", "/documents/")


def codes():
    return [code for code, _name in settings.LANGUAGES]


def supported(code):
    """The site language for a code ('fr-ca' -> 'fr'); the default language for anything else."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def current():
    """The active language as one of the site's languages."""
    return supported(translation.get_language())


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def strip_prefix(path):
    """'/fr/events/' -> '/events/'; an English path is returned as it is."""
    for code in codes():
        if code == settings.LANGUAGE_CODE:
            continue
        if path == f"/{code}" or path == f"/{code}/":
            return "/"
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def localize_path(path, language=None):
    """A site path ('/events/?kind=hackathon') in a language: '/fr/events/?kind=hackathon' for French,
    unchanged for English and for the addresses every language shares."""
    language = supported(language or translation.get_language())
    if not path.startswith("/") or path.startswith("//"):
        return path
    path = strip_prefix(path)
    if language == settings.LANGUAGE_CODE or path.startswith(UNPREFIXED) or path.startswith(settings.STATIC_URL):
        return path
    return f"/{language}{path}"


def localize_url(url, language=None):
    """An absolute URL on this site in a language (emails); another site's URL is returned unchanged."""
    if url.startswith("/"):
        return localize_path(url, language)
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return url
    rest = url[len(f"{parts.scheme}://{parts.netloc}") :] or "/"
    return f"{parts.scheme}://{parts.netloc}{localize_path(rest, language)}"
