"""One check of every request's text before any view, form or database sees it.

- A NUL byte anywhere (path, query, form field name or value, JSON body) answers 400: PostgreSQL
  refuses NUL in text, and no person types one.
- Other control characters in the path, the query string or a form field name answer 400.
- In form values, control characters other than tab, CR and LF are removed (they arrive with text
  pasted from other programs; nothing shows them, nothing needs them).
- A cookie holding a control character is ignored, as if it had not been sent.
- A view (ours or a library's) that reads a form field the request did not send answers 400, not
  500 (MultiValueDictKeyError); so does one that fails on a value the request sent, when the error
  says so by quoting it (e.g. "Field 'id' expected a number but got 'abc'", a redirect to
  "next=-1" that is no URL) or when SQLite cannot hold a number it was given. These are logged as
  warnings with their traceback: the view should have refused the value itself.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _

from .text import ANY_CONTROL_CHARACTER, has_control_characters, has_nul, strip_control_characters

logger = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# In JSON text a NUL or another control character can only appear escaped.
JSON_CONTROL_ESCAPE = re.compile(r"\\u00(?:0[0-8bBeEfF]|1[0-9a-fA-F]|7[fF])")


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._drop_bad_cookies(request)
        if self._path_or_query_is_bad(request) or self._body_is_bad(request):
            return self._refuse(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            message = _("This form is incomplete: a field it needs was not sent. Nothing was changed.")
        elif caused_by_request_values(request, exception):
            message = _("A value in this request cannot be used here. Nothing was changed.")
        else:
            return None
        logger.warning("Refused %s %s: %r", request.method, request.path, exception, exc_info=exception)
        return self._refuse(request, message)

    @staticmethod
    def _drop_bad_cookies(request):
        bad = [name for name, value in request.COOKIES.items() if ANY_CONTROL_CHARACTER.search(name + value)]
        for name in bad:
            del request.COOKIES[name]

    @staticmethod
    def _path_or_query_is_bad(request):
        if has_control_characters(request.path_info, multiline=False):
            return True
        for key, values in request.GET.lists():
            if has_control_characters(key, multiline=False):
                return True
            if any(has_control_characters(value, multiline=False) for value in values):
                return True
        return False

    def _body_is_bad(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return False
        content_type = request.content_type or ""
        if content_type in FORM_TYPES:
            return self._clean_form(request)
        if content_type.endswith("json"):
            text = request.body.decode("utf-8", errors="replace")
            return has_nul(text) or bool(JSON_CONTROL_ESCAPE.search(text))
        return False

    @staticmethod
    def _clean_form(request):
        post = request.POST
        cleaned = QueryDict(mutable=True, encoding=post.encoding)
        changed = False
        for key, values in post.lists():
            if has_control_characters(key, multiline=False) or any(has_nul(value) for value in values):
                return True
            tidy = [strip_control_characters(value) for value in values]
            changed = changed or tidy != values
            cleaned.setlist(key, tidy)
        if changed:
            cleaned._mutable = False
            request._post = cleaned
        return False

    @staticmethod
    def _refuse(request, message=None):
        # Before LocaleMiddleware has run: the URL decides the language, as it does for every page.
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            message = message or _(
                "This request contains control characters (such as a NUL byte) that cannot be used here. "
                "Nothing was changed."
            )
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse({"ok": False, "message": message}, status=400)
            body = render_to_string("guards/bad_request.html", {"message": message}, request=None)
        return HttpResponse(body, status=400)


def _request_values(request):
    match = getattr(request, "resolver_match", None)
    if match is not None:
        yield from (str(v) for v in match.args)
        yield from (str(v) for v in match.kwargs.values())
    for _key, values in request.GET.lists():
        yield from values
    if request.method == "POST" and (request.content_type or "") in FORM_TYPES:
        for _key, values in request.POST.lists():
            yield from values


def _raised_by_the_database(exception):
    frames = []
    tb = exception.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return bool(frames) and "/django/db/backends/" in frames[-1]


def caused_by_request_values(request, exception):
    """True when `exception` is a view failing on a value the request sent (see the module's notes)."""
    if isinstance(exception, OverflowError):
        return _raised_by_the_database(exception)  # an id past SQLite's integers
    if not isinstance(exception, ValueError | NoReverseMatch | ValidationError):
        return False
    message = str(exception)
    return any(repr(value) in message or f"“{value}”" in message for value in _request_values(request))
