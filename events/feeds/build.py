"""Building feeds: which events, their stored VEVENT text, and the HTTP validators.

A feed is the calendar header, one VTIMEZONE per zone used, and each event's stored text. Only events
whose stored text is missing or stale (new SEQUENCE or LAST-MODIFIED, or changed URL, group, venue,
tags) are rendered; the rest is concatenation. The number of queries does not depend on the number of
events.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from wagtail import hooks

from ..models import CalendarEntry, EventPage, FeedState, Occurrence
from ..models.occurrences import OccurrenceStatus
from . import cache as feed_cache
from .render import PageUrls, entry_key, render_date, render_event
from .timezones import vtimezone

PRODID = "-//Convene//Calendar feeds//EN"
RENDER_CHUNK = 2000


@dataclass(frozen=True)
class FeedSpec:
    """What a feed holds. `events` is a queryset of EventPage; `windowed` applies the past-days window.

    `language` is the one the feed is written in; `key` names what it holds, the same in every language
    (hooks filter on it), and `state_key` names this language's copy (validators, cache, Last-Modified)."""

    key: str
    name: str
    description: str
    url: str
    events: object
    windowed: bool = True
    user_pk: int | None = None
    dates: object = None  # Occurrence queryset: single dates shown on their own (a person's registrations)
    language: str = settings.LANGUAGE_CODE
    name_language: str | None = None  # the name's language when it is not the feed's (an event's own title)

    @property
    def state_key(self):
        return state_key(self.key, self.language)


def state_key(spec_key, language):
    """The site's language keeps the keys it always had (its Last-Modified history stays); other languages
    get their own, so one language's bytes, ETag or Last-Modified never answer for another's."""
    return spec_key if language == settings.LANGUAGE_CODE else f"{spec_key}@{language}"


@dataclass(frozen=True)
class Validators:
    """What a conditional request is answered from; the body is cached separately under body_key."""

    etag: str
    last_modified: datetime.datetime
    body_key: str


def window_start(now=None):
    """Midnight (site zone) of the first day still in feeds; moves once a day, so cache keys can carry it."""
    now = now or timezone.now()
    day = timezone.localdate(now) - datetime.timedelta(days=settings.CONVENE_CALENDAR_PAST_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def in_window(cutoff):
    """Events still in the window: ending after the cutoff, series still running, or a date after it."""
    running_series = ~Q(repeat="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=cutoff.date()))
    late_date = Exists(Occurrence.objects.filter(event=OuterRef("pk"), end__gte=cutoff))
    return Q(end__gte=cutoff) | running_series | late_date


def _escape(text):
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line):
    """RFC 5545 line folding at 75 octets, never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    out, chunk, limit = [], b"", 75
    for char in line:
        encoded = char.encode()
        if len(chunk) + len(encoded) > limit:
            out.append(chunk.decode())
            chunk, limit = b"", 74
        chunk += encoded
    out.append(chunk.decode())
    return "\r\n ".join(out) + "\r\n"


def calendar_header(spec):
    # RFC 7986 NAME and DESCRIPTION take LANGUAGE; the X-WR- copies (older clients) carry it as well.
    name = f";LANGUAGE={spec.name_language or spec.language}"
    language = f";LANGUAGE={spec.language}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME{name}:{_escape(spec.name)}",
        f"X-WR-CALNAME{name}:{_escape(spec.name)}",
        f"DESCRIPTION{language}:{_escape(spec.description)}",
        f"X-WR-CALDESC{language}:{_escape(spec.description)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        f"SOURCE;VALUE=URI:{spec.url}",
        f"URL;VALUE=URI:{spec.url}",
    ]
    return "".join(_fold(line) for line in lines)


def _calendar_occurrences():
    return Prefetch(
        "occurrences",
        queryset=Occurrence.objects.filter(
            Q(status=OccurrenceStatus.CANCELLED) | Q(is_moved=True) | Q(event__repeat="")
        ).order_by("original_date"),
        to_attr="calendar_occurrences",
    )


# A cancelled series' RRULE ends at its last date on record.
_last_dates = Occurrence.objects.filter(event=OuterRef("pk")).order_by("-original_date").values("original_date")[:1]


def _single_dates(spec, now):
    """The spec's dates shown on their own, rendered (few: one person's registrations)."""
    if spec.dates is None:
        return []
    dates = spec.dates
    if spec.windowed:
        dates = dates.filter(end__gte=window_start(now))
    dates = list(
        dates.select_related("event__group", "event__venue").prefetch_related("event__tags").order_by("start", "pk")
    )
    if not dates:
        return []
    urls = PageUrls(spec.language)
    return [(o.event.timezone, max(o.modified_at, o.event.calendar_modified_at), render_date(o, urls)) for o in dates]


def render_entries(pks, language=settings.LANGUAGE_CODE):
    """Render and store the VEVENT text of these events in this language; returns {pk: text}.

    A fixed number of queries per 2,000 events."""
    urls = PageUrls(language)
    texts = {}
    for i in range(0, len(pks), RENDER_CHUNK):
        events = (
            EventPage.objects.filter(pk__in=pks[i : i + RENDER_CHUNK])
            .select_related("group", "venue")
            .prefetch_related("tags", _calendar_occurrences())
            .annotate(calendar_last_date=Subquery(_last_dates))
        )
        entries = []
        for event in events:
            text = render_event(event, urls)
            texts[event.pk] = text
            entries.append(
                CalendarEntry(
                    event=event,
                    language=language,
                    key=entry_key(event.sequence, event.calendar_modified_at),
                    text=text,
                )
            )
        CalendarEntry.objects.bulk_create(
            entries, update_conflicts=True, unique_fields=["event", "language"], update_fields=["key", "text"]
        )
    return texts


def assemble(spec, now=None):
    """The feed's bytes and the newest edit among its events."""
    qs = spec.events
    if spec.windowed:
        qs = qs.filter(in_window(window_start(now)))
    entry = FilteredRelation("calendar_entries", condition=Q(calendar_entries__language=spec.language))
    rows = list(
        qs.annotate(entry=entry)
        .order_by("start", "pk")
        .values_list("pk", "sequence", "calendar_modified_at", "timezone", "entry__key", "entry__text")
    )
    stale = [pk for pk, seq, modified, _tz, key, _text in rows if key != entry_key(seq, modified)]
    fresh = render_entries(stale, spec.language) if stale else {}
    singles = _single_dates(spec, now)
    zones = sorted({row[3] for row in rows} | {zone for zone, _modified, _text in singles})
    parts = [calendar_header(spec)]
    parts += [vtimezone(zone) for zone in zones]
    parts += [fresh.get(pk) or text for pk, _seq, _modified, _tz, _key, text in rows]
    parts += [text for _zone, _modified, text in singles]
    newest = max([row[2] for row in rows] + [modified for _zone, modified, _text in singles], default=None)
    # Dates kept outside EventPage (imported calendars) add their VEVENTs through this hook.
    for entries in hooks.get_hooks("convene_feed_entries"):
        texts, latest = entries(spec, window_start(now) if spec.windowed else None)
        parts += texts
        newest = max(filter(None, (newest, latest)), default=None)
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode(), newest


def _seconds(moment):
    return moment.replace(microsecond=0)


def record_state(key, etag, newest):
    """Last-Modified for these bytes: unchanged while the bytes are, and strictly later whenever they change
    (an event deleted or dropped from the feed makes it newer, never older)."""
    now = _seconds(timezone.now())
    with transaction.atomic():
        state, created = FeedState.objects.get_or_create(
            key=key, defaults={"etag": etag, "last_modified": _seconds(newest) if newest else now}
        )
        if created:
            return state.last_modified
        state = FeedState.objects.select_for_update().get(pk=state.pk)
        if state.etag == etag:
            return state.last_modified
        state.etag = etag
        state.last_modified = max(now, state.last_modified + datetime.timedelta(seconds=1))
        state.save(update_fields=["etag", "last_modified"])
        return state.last_modified


def _meta_key(spec_key):
    return f"calfeed:meta:{spec_key}"


def lookup(spec_key, user_pk=None, now=None, language=settings.LANGUAGE_CODE):
    """The feed's validators if a copy built under the current generation is cached, else None.

    One database read (the generation tokens); the validators come from this process's memory, or from the
    cache when another process (or an earlier life of this one) built the feed.
    Returns (stamp, validators): the stamp (generation tokens and window day) the feed must be built under.
    Every language has its own copy: `language` picks which.
    """
    spec_key = state_key(spec_key, language)
    generation, user_generation = feed_cache.generations(user_pk)
    stamp = (generation, user_generation, window_start(now).date().isoformat())
    remembered = _metas.get(spec_key)
    if remembered is not None and remembered[0] == stamp:
        return stamp, remembered[1]
    meta = cache.get(_meta_key(spec_key))
    if meta is None or tuple(meta[0]) != stamp:
        return stamp, None
    _stamp, etag, timestamp, body_key = meta
    validators = Validators(etag, datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC), body_key)
    _metas.put(spec_key, (stamp, validators))
    return stamp, validators


class _Memory:
    """A small least-recently-used map shared by the threads of one process."""

    def __init__(self, limit):
        self.limit = limit
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.limit:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


# Validators of recently served feeds, each with the stamp it was built under: safe to keep per process,
# because the stamp is compared with the generation read from the database on every request.
_metas = _Memory(10_000)


class _BodyMemory:
    """Feed bodies are immutable (keyed by the hash of their bytes), so each process may keep the most
    recently served ones in memory: a warm answer then costs one cache round trip for the validators."""

    def __init__(self, budget):
        self.budget = budget
        self.items = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def clear(self):
        with self.lock:
            self.items.clear()
            self.size = 0

    def put(self, key, body):
        if len(body) > self.budget:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = body
            self.size += len(body)
            while self.size > self.budget:
                _old, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)


_bodies = _BodyMemory(settings.CONVENE_CALENDAR_MEMORY_BYTES)


def forget_bodies():
    """Drop this process's in-memory feed bodies and validators (tests and benchmarks that want a cold process)."""
    _bodies.clear()
    _metas.clear()


def cached_body(validators):
    body = _bodies.get(validators.body_key)
    if body is None:
        body = cache.get(validators.body_key)
        if body is not None:
            _bodies.put(validators.body_key, body)
    return body


def build_feed(spec, stamp):
    """Assemble the feed, record its validators and cache it under the stamp read before building
    (a change during the build leaves the stamp stale, so the next request builds again)."""
    body, newest = assemble(spec)
    digest = hashlib.sha256(body).hexdigest()[:40]
    etag = f'"{digest}"'
    last_modified = record_state(spec.state_key, etag, newest)
    body_key = f"calfeed:body:{digest}"
    ttl = settings.CONVENE_CALENDAR_CACHE_SECONDS
    cache.set(body_key, body, ttl)
    _bodies.put(body_key, body)
    cache.set(_meta_key(spec.state_key), (stamp, etag, last_modified.timestamp(), body_key), ttl)
    validators = Validators(etag, last_modified, body_key)
    _metas.put(spec.state_key, (stamp, validators))
    return validators, body
