"""Templates show an event's, group's or page's own text in the visitor's language (see events.bilingual).

- `{% lang_attr text.lang %}`: ` lang="fr"` inside a tag when the text is in another language than the
  page, nothing otherwise: `<h1{% lang_attr page.display_title.lang %}>{{ page.display_title }}</h1>`.
  The tag is i18n_tags' own, registered here too.
- `{{ event.display_title|lang_span }}`: the text, wrapped in `<span lang="…">` when its language differs
  (for a title inside a translated sentence).
- `{% localized obj "field" as text %}`: a field's text for any object with bilingual fields.
"""

from django import template
from django.utils.html import conditional_escape, format_html

from ..bilingual import language_code
from ..bilingual import localized as localized_text
from .i18n_tags import lang_attr

register = template.Library()


def _differs(lang):
    return bool(lang) and language_code(lang) != language_code()


# The same tag as i18n_tags' (templates load either library): one definition.
register.simple_tag(lang_attr, name="lang_attr")


@register.filter
def lang_span(value):
    lang = getattr(value, "lang", None)
    if not _differs(lang):
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language_code(lang), value)


@register.simple_tag
def localized(obj, field):
    return localized_text(obj, field)


@register.simple_tag
def page_title(page):
    """The <title> of a page: its SEO title when the title shown is in the language that SEO title was
    written in (the main fields'), else the visitor's-language title."""
    if not page:
        return ""
    title = getattr(page, "display_title", None)
    seo = getattr(page, "seo_title", "") or ""
    if title is None:
        return seo or getattr(page, "title", "") or ""
    if seo and title.lang == (getattr(page, "source_language", "") or "en"):
        return seo
    return title
