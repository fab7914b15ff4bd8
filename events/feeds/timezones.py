"""VTIMEZONE components with STANDARD and DAYLIGHT rules, one per zone, computed once per process.

The zone's current rules come from the POSIX TZ string at the end of its TZif file (e.g.
``EST5EDT,M3.2.0,M11.1.0``) and are written as yearly RRULEs, which every calendar client (Outlook
included) understands. A zone whose rule cannot be read that way falls back to icalendar's
transition-by-transition VTIMEZONE.
"""

import datetime
import functools
import os
import re
import zoneinfo

from dateutil import rrule
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(\d{1,2})(?::(\d{2}))?)?"
_POSIX = re.compile(rf"^({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?,{_RULE},{_RULE})?$")
_WEEKDAYS = [rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA]
_ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
_EPOCH_YEAR = 1970


def _tzif_bytes(key):
    for base in zoneinfo.TZPATH:
        path = os.path.join(base, *key.split("/"))
        if os.path.isfile(path):
            with open(path, "rb") as fh:
                return fh.read()
    try:
        from importlib import resources

        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return resources.files(package).joinpath(name).read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return b""


def posix_rule(key):
    """The POSIX TZ string that gives the zone's current rule, or '' when unknown."""
    data = _tzif_bytes(key)
    if not data.startswith(b"TZif") or not data.endswith(b"\n"):
        return ""
    return data[:-1].rsplit(b"\n", 1)[-1].decode("ascii", "replace")


def _posix_offset(text):
    """POSIX offsets count hours west of Greenwich; return the UTC offset they mean."""
    sign = -1 if not text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * datetime.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _onset(month, week, weekday, hour, minute):
    n = -1 if week == 5 else week
    rule = rrule.rrule(
        rrule.YEARLY, bymonth=month, byweekday=_WEEKDAYS[weekday](n), dtstart=datetime.datetime(_EPOCH_YEAR, 1, 1)
    )
    first = rule[0].replace(hour=hour, minute=minute)
    recur = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{n}{_ICAL_DAYS[weekday]}"}
    return first, recur


def _from_posix(key, text):
    match = _POSIX.match(text)
    if not match:
        return None
    std_name, std_off, dst_name, dst_off = match.group(1, 2, 3, 4)
    std = _posix_offset(std_off)
    tz = Timezone()
    tz.add("TZID", key)
    if not dst_name:
        standard = TimezoneStandard()
        standard.add("TZOFFSETFROM", std)
        standard.add("TZOFFSETTO", std)
        standard.add("TZNAME", std_name.strip("<>"))
        standard.add("DTSTART", datetime.datetime(_EPOCH_YEAR, 1, 1))
        tz.add_component(standard)
        return tz
    dst = _posix_offset(dst_off) if dst_off else std + datetime.timedelta(hours=1)
    rules = match.groups()[4:]
    for (month, week, weekday, hour, minute), (cls, name, frm, to) in zip(
        (rules[:5], rules[5:]),
        ((TimezoneDaylight, dst_name, std, dst), (TimezoneStandard, std_name, dst, std)),
        strict=True,
    ):
        start, recur = _onset(int(month), int(week), int(weekday), int(hour or 2), int(minute or 0))
        observance = cls()
        observance.add("TZOFFSETFROM", frm)
        observance.add("TZOFFSETTO", to)
        observance.add("TZNAME", name.strip("<>"))
        observance.add("DTSTART", start)
        observance.add("RRULE", recur)
        tz.add_component(observance)
    return tz


@functools.cache
def vtimezone(key):
    """The serialised VTIMEZONE for an IANA zone name (str, CRLF line endings)."""
    component = _from_posix(key, posix_rule(key)) or Timezone.from_tzid(
        key, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2040, 1, 1)
    )
    return component.to_ical().decode()
