import json
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail import hooks

from ..formatting import card_date_parts, compact, format_day, format_moment, weekday_name, when_range
from ..structured_data import event_json_ld

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _local(value, event):
    return value.astimezone(event.tz)


@register.simple_tag
def event_when(occurrence, style="long"):
    """A date range in the event's own zone and the active language, with the zone named, e.g.
    'Tue, Dec 1, 2026, 6:30 – 9 p.m. EST' / 'mardi 1 décembre 2026, 18 h 30 à 21 h (HNE)'."""
    event = occurrence.event
    return when_range(_local(occurrence.start, event), _local(occurrence.end, event), event.all_day, style)


@register.simple_tag
def local_day(value, style="medium"):
    """A date alone, in the active language: 'Tue, Nov 24, 2026' / 'mar. 24 nov. 2026'."""
    return format_day(value, style) if value else ""


@register.simple_tag
def local_moment(value, zone=None, style="long", with_zone=True):
    """A datetime in a zone (an event's `tz`, a zone name, or the site's), in the active language:
    'Tue, Nov 24, 2026, 6:30 p.m. EST' / 'mardi 24 novembre 2026, 18 h 30 (HNE)'."""
    if not value:
        return ""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    local = value.astimezone(zone) if zone is not None else timezone.localtime(value)
    return format_moment(local, style, with_zone=with_zone)


@register.simple_tag
def event_datetime_attr(occurrence):
    # HTML's datetime allows at most three digits of a second; to the second is what a reader needs.
    return occurrence.start.replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def json_ld(context, event, occurrence=None):
    data = event_json_ld(context["request"], event, occurrence)
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    # The payload is JSON with <, > and & escaped, so it cannot close the script element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def event_page_panels(context, event):
    """Sections other apps add to an event page (registration, teams, results), via the
    'convene_event_page_panels' hook: each hook takes (request, event) and returns HTML or ''."""
    parts = [fn(context["request"], event) for fn in hooks.get_hooks("convene_event_page_panels")]
    return format_html_join("", "{}", ((part,) for part in parts if part))


@register.filter
def listing_toggle(filters, change):
    """`filters|listing_toggle:"dates=all"`: the listing's query string with one filter changed."""
    key, _sep, value = change.partition("=")
    return filters.toggled(**{key: value})


@register.filter
def compact_date(value, django_format):
    """`{{ value|compact_date:"D j M Y" }}`: the date written in the page's language (events.formatting)."""
    return compact(value, django_format) if value else ""


@register.simple_tag
def card_date(local):
    """Month, day and weekday of a listing card's date block, in the page's language (events.formatting)."""
    month, day, weekday = card_date_parts(local)
    return {"month": month, "day": day, "weekday": weekday}


@register.simple_tag
def series_phrase(event):
    """How a series repeats, in words: 'Every Tuesday', 'Every other Tuesday', 'Second Tuesday of every month'."""
    from ..recurrence import Repeat, _nth_weekday

    first = event.local_start()
    weekday = weekday_name(first)
    if event.repeat == Repeat.WEEKLY:
        return _("Every %(weekday)s") % {"weekday": weekday}
    if event.repeat == Repeat.BIWEEKLY:
        return _("Every other %(weekday)s") % {"weekday": weekday}
    nth = {1: _("First"), 2: _("Second"), 3: _("Third"), 4: _("Fourth"), -1: _("Last")}[_nth_weekday(first.date())]
    if event.repeat == Repeat.MONTHLY:
        return _("%(nth)s %(weekday)s of every month") % {"nth": nth, "weekday": weekday}
    if event.repeat == Repeat.BIMONTHLY:
        return _("%(nth)s %(weekday)s of every other month") % {"nth": nth, "weekday": weekday}
    return ""


@register.simple_tag
def money(cents, currency):
    """An amount in cents as '1,234.50 CAD', grouped and with decimals as the active locale writes them."""
    from django.utils.formats import number_format

    return f"{number_format((cents or 0) / 100, decimal_pos=2, force_grouping=True)} {currency}"


@register.filter
def percent(share):
    return "—" if share is None else f"{round(share * 100)} %"
