"""Dates and times written for people, in the active language (the page's, or an email's recipient's).

English keeps the site's long-standing forms ("Tue, Nov 24, 2026, 6:30 – 9 p.m. EST", Django's `P`);
French is written as Canada writes it, through Babel's fr_CA data: "mardi 24 novembre 2026, 18 h 30 à
21 h (HNE)", "mar. 24 nov., 18 h 30 à 21 h (HNE)", "samedi 19 décembre 2026, toute la journée". Zone
abbreviations are the language's own (HNE/HAE, HNA/HAA, HNP...) where Babel knows one, the English one
otherwise. Machine forms (ISO 8601, iCalendar, `<time datetime>`) never go through here.
"""

import datetime

from babel.dates import format_date as babel_date
from babel.dates import get_timezone_name
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from accounts.languages import current

# The Babel locale for each site language other than English.
BABEL_LOCALES = {"fr": "fr_CA"}


def _babel_locale():
    return BABEL_LOCALES.get(current())


def zone_name(moment):
    """The zone's abbreviation at this moment, in the active language: 'EST' / 'HNE'."""
    english = moment.strftime("%Z")
    locale = _babel_locale()
    if locale is None:
        return english
    try:
        name = get_timezone_name(moment, "short", locale=locale)
    except (LookupError, ValueError, AttributeError):
        return english
    # Babel answers with an offset ('-0700') or a GMT form for zones it has no abbreviation for.
    if not name or name[0] in "+-" or name.startswith(("UTC", "GMT")) or any(c.isdigit() for c in name):
        return english
    return name


def format_day(value, style="long"):
    """A date (or the date of a datetime): 'Tue, Nov 24, 2026' / 'mardi 24 novembre 2026'.
    Styles: long (with year), day (long, no year), medium (abbreviated, with year), short
    (abbreviated, no year)."""
    locale = _babel_locale()
    if locale is None:
        english = {"long": "D, M j, Y", "day": "D, M j", "medium": "D, M j, Y", "short": "D, M j"}
        return date_format(value, english[style])
    day = value.date() if isinstance(value, datetime.datetime) else value
    full = style in ("long", "day")
    weekday = babel_date(day, "EEEE" if full else "EEE", locale=locale)
    month = babel_date(day, "MMMM" if full else "MMM", locale=locale)
    number = "1er" if day.day == 1 else str(day.day)  # le 1er du mois
    text = f"{weekday} {number} {month}"
    return f"{text} {day.year}" if style in ("long", "medium") else text


def weekday_name(value):
    """A date's weekday: 'Tuesday' / 'mardi' (French writes it in lower case; Django's catalogue does not)."""
    locale = _babel_locale()
    if locale is None:
        return date_format(value, "l")
    day = value.date() if isinstance(value, datetime.datetime) else value
    return babel_date(day, "EEEE", locale=locale)


def card_date_parts(value):
    """The date block of a listing card, abbreviated: ('Nov', '24', 'Tue') / ('nov.', '24', 'mar.')."""
    locale = _babel_locale()
    if locale is None:
        return date_format(value, "M"), date_format(value, "j"), date_format(value, "D")
    day = value.date() if isinstance(value, datetime.datetime) else value
    return babel_date(day, "MMM", locale=locale), str(day.day), babel_date(day, "EEE", locale=locale)


def compact(value, django_format):
    """A compact stamp for tables and logs. English keeps the Django format the template gives
    ('D j M Y, H:i': 'Tue 24 Nov 2026, 18:30'); French writes the same parts the Canadian way through
    Babel ('mar. 24 nov. 2026, 18 h 30'): D, j, M, Y and H:i are understood, anything else is kept."""
    locale = _babel_locale()
    if locale is None:
        return date_format(value, django_format)
    day = value.date() if isinstance(value, datetime.datetime) else value
    parts = {"D": lambda: babel_date(day, "EEE", locale=locale), "j": lambda: str(day.day)}
    parts |= {"M": lambda: babel_date(day, "MMM", locale=locale), "Y": lambda: str(day.year)}
    out, rest = [], django_format
    while rest:
        if rest.startswith("H:i"):
            out.append(format_time(value))
            rest = rest[3:]
            continue
        out.append(parts[rest[0]]() if rest[0] in parts else rest[0])
        rest = rest[1:]
    return "".join(out)


def format_time(moment):
    """A time of day: '6:30 p.m.' / '18 h 30' ('21 h' on the hour, '0 h' at midnight)."""
    if _babel_locale() is None:
        return date_format(moment, "P")
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def local_when(moment, event):
    """A moment in the event's zone, with the zone named: 'Sat, Nov 28, 2026, 6:30 p.m. EST' /
    'samedi 28 novembre 2026, 18 h 30 (HNE)'."""
    if moment is None:
        return ""
    return format_moment(moment.astimezone(event.tz))


def format_moment(local, style="long", with_zone=True):
    """A datetime already in its zone, with the zone named (unless the page names it otherwise)."""
    if _babel_locale() is None:
        text = date_format(local, "D, M j, Y, P")
        return f"{text} {local.strftime('%Z')}" if with_zone else text
    text = f"{format_day(local, style)}, {format_time(local)}"
    return f"{text} ({zone_name(local)})" if with_zone else text


def format_clock(local):
    """A time of day with its zone, for 'checked in at ...': '18:30 EST' / '18 h 30 HNE'."""
    if _babel_locale() is None:
        return local.strftime("%H:%M %Z")
    return f"{format_time(local)} {zone_name(local)}"


def when_range(start, end, all_day, style="long"):
    """A date range, both ends already in the event's zone, e.g. 'Tue, Dec 1, 2026, 6:30 – 9 p.m. EST'."""
    if _babel_locale() is None:
        return _english_range(start, end, all_day, style)
    day = format_day(start, style)
    if all_day:
        if (end.date() - start.date()).days <= 1:
            return f"{day}, toute la journée"
        # The end is the midnight after the last day.
        last = end - datetime.timedelta(microseconds=1) if end.time() == datetime.time(0) else end
        return f"du {day} au {format_day(last, 'long' if style == 'long' else 'short')}"
    zone = zone_name(start)
    if start.date() == end.date():
        return f"{day}, {format_time(start)} à {format_time(end)} ({zone})"
    last = format_day(end, "day" if style == "long" else "short")
    return f"{day}, {format_time(start)} au {last}, {format_time(end)} ({zone})"


def _english_range(start, end, all_day, style):
    # The site's English forms, unchanged since before French (tests and subscribers' eyes rely on them).
    day = date_format(start, "D, M j, Y" if style == "long" else "D, M j")
    if all_day:
        if (end.date() - start.date()).days <= 1:
            return _("%(day)s, all day") % {"day": day}
        return _("%(day)s – %(last)s") % {"day": day, "last": date_format(end, "D, M j, Y")}
    zone = start.strftime("%Z")
    if start.date() == end.date():
        return f"{day}, {date_format(start, 'P')} – {date_format(end, 'P')} {zone}"
    return f"{day}, {date_format(start, 'P')} – {date_format(end, 'D, M j, P')} {zone}"
