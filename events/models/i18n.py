from django.utils import translation

from accounts.languages import current


class LanguageUrlMixin:
    """Every page model: its URL is in the active language (/fr/events/... while French is active),
    so `{% pageurl %}` and `page.url` on a French page, or in an email to a French reader, stay French.

    Wagtail's own localisation (WAGTAIL_I18N_ENABLED) is off: one page serves both languages. Its
    wagtail_serve route sits inside i18n_patterns, so reversing it under the page language gives the
    prefix; the language is narrowed to one the site serves (the admin may run in another)."""

    def get_url_parts(self, request=None):
        with translation.override(current()):
            return super().get_url_parts(request=request)
