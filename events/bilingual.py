"""Content in English and French on one page.

An event, group or site page is ONE Wagtail page whatever the language: the French text lives in extra
`<field>_fr` columns of the same row, so dates, seats, registrations, waitlist, teams, URLs and calendar
UIDs are shared by construction (a French view is a view of the same event, never a second one).

`source_language` says which language the organizer wrote the main fields in. A French-only group writes
French in the main fields and sets it to "fr"; its `_fr` fields then stay empty. A visitor sees the text
of their language when there is one, and the other language's otherwise; `localized()` says which
language it returned so templates can mark it with `lang` (see the `lang_attr` filter).

cms imports this module too (cms may import events; events never imports cms).
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList, TabbedInterface
from wagtail.models import Page

ENGLISH, FRENCH = "en", "fr"
LANGUAGE_CODES = (ENGLISH, FRENCH)

FRENCH_TAB_HELP = _(
    "Write here the French text of this page. Visitors reading the site in French see it; an empty field "
    "shows the other language's text instead (marked as such for screen readers). If you wrote the main "
    "fields in French, choose French as their language and leave the fields below empty."
)


class SourceLanguage(models.TextChoices):
    ENGLISH = ENGLISH, _("English")
    FRENCH = FRENCH, _("French")


def language_code(language=None):
    """'en' or 'fr' for a language code such as 'fr-ca' (the active language when None)."""
    code = (language or get_language() or ENGLISH).lower()
    return FRENCH if code.split("-")[0].split("_")[0] == FRENCH else ENGLISH


def other_language(language):
    return ENGLISH if language_code(language) == FRENCH else FRENCH


@dataclass(frozen=True)
class Localized:
    """One field's text in the language chosen for the reader: `value` (a str, rich text HTML or a
    StreamValue) and `lang`, the language that text is written in."""

    value: Any
    lang: str

    def __str__(self):
        return "" if self.value is None else str(self.value)

    def __bool__(self):
        return not is_empty(self.value)

    def __html__(self):
        # {{ localized }} escapes plain text as any str would (rich text goes through |richtext).
        from django.utils.html import conditional_escape

        return conditional_escape(str(self))


_TAG = re.compile(r"<[^>]*>")


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        # Rich text that the editor left as '<p></p>' is empty; an embedded image or video is not.
        return not (_TAG.sub("", value).strip() or "<embed" in value)
    try:
        return len(value) == 0
    except TypeError:
        return False


def texts(obj, field):
    """{language: value} of a field's non-empty texts: the main field is in the page's source language;
    `<field>_fr` is French (used only when the main field is English)."""
    source = getattr(obj, "source_language", ENGLISH) or ENGLISH
    found = {}
    main = getattr(obj, field, None)
    if not is_empty(main):
        found[source] = main
    if FRENCH not in found:
        french = getattr(obj, f"{field}_fr", None)
        if not is_empty(french):
            found[FRENCH] = french
    return found


def localized(obj, field, language=None):
    """The field's text for a reader of `language` (default: the active language), falling back to the
    other language's text. `.lang` is the language of the returned text."""
    wanted = language_code(language)
    found = texts(obj, field)
    if wanted in found:
        return Localized(found[wanted], wanted)
    other = other_language(wanted)
    if other in found:
        return Localized(found[other], other)
    return Localized(getattr(obj, field, None), getattr(obj, "source_language", ENGLISH) or ENGLISH)


def localized_text(obj, field, language=None):
    """The localized text as a plain str (for emails, feeds, JSON-LD, share links)."""
    return str(localized(obj, field, language))


def localized_property(field):
    return property(lambda self: localized(self, field), doc=f"The visitor's-language text of {field!r}.")


class BilingualPage(models.Model):
    """Fields every bilingual page has; each model adds `<field>_fr` for its own text fields."""

    source_language = models.CharField(
        _("language of the main fields"),
        max_length=2,
        choices=SourceLanguage.choices,
        default=ENGLISH,
        help_text=_("The language you wrote the title and text of the Content tab in."),
    )
    title_fr = models.CharField(_("title in French"), max_length=255, blank=True)

    display_title = localized_property("title")

    class Meta:
        abstract = True

    def localized(self, field, language=None):
        return localized(self, field, language)


def bilingual_edit_handler(content_panels, french_panels):
    """The page editor's tabs: Content, Français (the French text), Promote and Settings."""
    french = [HelpPanel(FRENCH_TAB_HELP), FieldPanel("source_language"), FieldPanel("title_fr"), *french_panels]
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(french, heading="Français"),  # named in French in every language, like a switcher
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )


# -- search ---------------------------------------------------------------------------------------


def fold(text):
    """Lower case without accents, so 'evenement' finds 'Événement' and 'cafe' finds 'café'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _strings(data):
    """Every string of raw stream / rich text data, without HTML tags and block metadata."""
    if isinstance(data, str):
        yield html.unescape(_TAG.sub(" ", data))
    elif isinstance(data, dict):
        if "type" in data and "value" in data:  # a stream child: skip its type name and id
            yield from _strings(data["value"])
        else:
            for value in data.values():
                yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def plain_text(value):
    """The words of a str, rich text or StreamValue."""
    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        value = list(raw)
    elif hasattr(value, "get_prep_value"):
        value = value.get_prep_value()
    return " ".join(" ".join(_strings(value)).split())
