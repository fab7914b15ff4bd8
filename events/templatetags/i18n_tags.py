"""Language helpers for templates.

- `{% lang_attr code %}`: ` lang="fr"` when a piece of text is in another language than the page
  (content an organizer wrote in only one language), nothing otherwise. Use inside a tag:
  `<h1{% lang_attr page_title_lang %}>`.
- `{% lurl "/events/" %}`: a site path in the page's language ('/fr/events/' on a French page).
- `{% language_links as links %}`: this page in every language (code, name, url, absolute, current),
  for the switcher and the hreflang alternates.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html

from accounts.languages import current, localize_path, strip_prefix, supported

register = template.Library()


@register.simple_tag
def lang_attr(code):
    if not code:
        return ""
    code = supported(code)
    if code == current():
        return ""
    return format_html(' lang="{}"', code)


@register.simple_tag
def lurl(path):
    return localize_path(str(path))


@register.filter
def localized(path):
    """`{{ some_path|localized }}`: the same as `{% lurl %}`, for a path held in a variable."""
    return localize_path(str(path))


def page_in(request, code):
    """This request's page in another language, query string kept."""
    full_path = request.get_full_path()
    translated = translate_url(full_path, code)
    if translated == full_path and localize_path(full_path, code) != full_path:
        # Not resolvable here (a 404 page, say): the same address under the other prefix.
        translated = localize_path(full_path, code)
    return translated


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    active = current()
    links = []
    for code, name in settings.LANGUAGES:
        url = page_in(request, code) if request is not None else localize_path("/", code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": settings.SITE_URL + url,
                "current": code == active,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def unprefixed_path(context):
    """The request's path without its language prefix, for 'is this the current section' tests."""
    request = context.get("request")
    return strip_prefix(request.path) if request is not None else "/"
