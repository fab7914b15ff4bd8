"""Repeat rules for series, as organizers choose them and as RFC 5545 writes them.

Rules work on local wall-clock times so that a Tuesday 18:30 hacknight stays at 18:30 across
daylight-saving changes; the caller attaches the event's zone to each date.
"""

import datetime

from dateutil import rrule
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Repeat(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month, same weekday (e.g. 2nd Tuesday)")
    BIMONTHLY = "bimonthly", _("Every two months, same weekday")


def _nth_weekday(day):
    """Position of the weekday within its month: 1..4, or -1 for a last one that may be the 5th."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _params(repeat, local_start):
    weekday = local_start.weekday()
    if repeat in (Repeat.WEEKLY, Repeat.BIWEEKLY):
        return {
            "freq": rrule.WEEKLY,
            "interval": 2 if repeat == Repeat.BIWEEKLY else 1,
            "byweekday": weekday,
            "rfc": {
                "FREQ": "WEEKLY",
                "INTERVAL": 2 if repeat == Repeat.BIWEEKLY else 1,
                "BYDAY": WEEKDAY_CODES[weekday],
            },
        }
    if repeat in (Repeat.MONTHLY, Repeat.BIMONTHLY):
        n = _nth_weekday(local_start)
        interval = 2 if repeat == Repeat.BIMONTHLY else 1
        return {
            "freq": rrule.MONTHLY,
            "interval": interval,
            "byweekday": rrule.weekday(weekday, n),
            "rfc": {"FREQ": "MONTHLY", "INTERVAL": interval, "BYDAY": f"{n:+d}{WEEKDAY_CODES[weekday]}"},
        }
    raise ValueError(f"Unknown repeat rule {repeat!r}")


def _until_local(until):
    return datetime.datetime.combine(until, datetime.time(23, 59, 59)) if until else None


def build_rrule(repeat, local_start, until=None):
    """A dateutil rrule yielding naive local datetimes, or None for a single event."""
    if not repeat:
        return None
    params = _params(repeat, local_start)
    return rrule.rrule(
        params["freq"],
        interval=params["interval"],
        byweekday=params["byweekday"],
        dtstart=local_start,
        until=_until_local(until),
    )


def rrule_string(repeat, local_start, until, tz):
    if not repeat:
        return ""
    rfc = _params(repeat, local_start)["rfc"]
    parts = [f"FREQ={rfc['FREQ']}"]
    if rfc["INTERVAL"] != 1:
        parts.append(f"INTERVAL={rfc['INTERVAL']}")
    parts.append(f"BYDAY={rfc['BYDAY']}")
    if until:
        # RFC 5545: with a zoned DTSTART, UNTIL must be given in UTC.
        until_utc = _until_local(until).replace(tzinfo=tz).astimezone(datetime.UTC)
        parts.append("UNTIL=" + until_utc.strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)
