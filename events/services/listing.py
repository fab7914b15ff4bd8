"""The public listing of dates: filters from the query string, and a constant number of queries.

The open-data API (opendata/) filters with these same functions, so /events/ and /api/v1/events
always agree on what a filter means.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from taggit.models import Tag
from wagtail import hooks

from ..bilingual import LANGUAGE_CODES, fold, language_code
from ..models import EventPage, GroupPage, Occurrence, Venue
from ..models.occurrences import OccurrenceStatus
from ..models.pages import Kind
from .attendance import with_attendance

MAX_QUERY_LENGTH = 100
ONLINE = "online"  # the city filter's choice for events held online
# Query keys of the date range; `from` is a Python keyword, so the fields are date_from/date_to.
DATE_KEYS = {"date_from": "from", "date_to": "to"}


def parse_day(value):
    """A day typed as YYYY-MM-DD within the range the site holds, else None (a filter left out)."""
    from guards.dates import in_range

    try:
        day = datetime.date.fromisoformat(_clean(value))
    except ValueError:
        return None
    return day if in_range(day) else None


def _clean(value):
    # PostgreSQL refuses NUL in text, and nobody types control characters into a filter.
    value = "".join(ch for ch in (value or "") if ch.isprintable())
    return value.strip()[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class ListingFilters:
    kind: str = ""
    group: str = ""
    tag: str = ""
    city: str = ""
    q: str = ""
    when: str = ""
    dates: str = ""  # "all": every date of a series; otherwise a series is listed once, at its next date
    # Days in the site's time zone: dates that end on or after `from` and start before the end of `to`.
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, params):
        values = {f.name: _clean(params.get(f.name)) for f in fields(cls) if f.name not in DATE_KEYS}
        if values["when"] != "past":
            values["when"] = ""
        if values["dates"] != "all":
            values["dates"] = ""
        values.update({name: parse_day(params.get(key)) for name, key in DATE_KEYS.items()})
        return cls(**values)

    @property
    def has_range(self):
        return self.date_from is not None or self.date_to is not None

    @property
    def is_past(self):
        return self.when == "past"

    @property
    def every_date(self):
        # A date range asks for the dates in it; the "next date" of a series may lie outside it.
        return self.dates == "all" or self.has_range

    @property
    def is_online(self):
        return self.city.lower() == ONLINE

    @property
    def active(self):
        return any(getattr(self, f.name) for f in fields(self) if f.name not in ("when", "dates"))

    def toggled(self, **changes):
        """The query string of these filters with some changed (for links such as 'every date')."""
        values = {DATE_KEYS.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return urlencode({key: str(value) for key, value in values.items() if value})

    def as_query(self):
        return urlencode(
            {DATE_KEYS.get(f.name, f.name): str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)}
        )


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def occurrence_cards():
    """Occurrences with everything a card shows, fetched in a fixed number of queries."""
    return with_attendance(
        Occurrence.objects.public()
        .select_related("event", "event__group", "event__venue")
        .prefetch_related("event__tags")
    )


def next_date_per_event(qs, now, past=False):
    """Keep one date of a series: its next scheduled one (or, among past dates, its latest).
    Single events have one date anyway."""
    dates = Occurrence.objects.filter(event_id=OuterRef("event_id"), status=OccurrenceStatus.SCHEDULED)
    if past:
        dates = dates.filter(end__lt=now).order_by("-start", "-pk")
    else:
        dates = dates.filter(end__gte=now).order_by("start", "pk")
    return qs.filter(Q(event__repeat="") | Q(pk=Subquery(dates.values("pk")[:1])))


def search_occurrences(filters, now=None):
    now = now or timezone.now()
    qs = occurrence_cards()
    if filters.has_range:
        # A range asked for says which dates are wanted; past or upcoming then only orders them.
        if filters.date_from:
            qs = qs.filter(end__gt=_day_start(filters.date_from))
        if filters.date_to:
            qs = qs.filter(start__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
        qs = qs.order_by("-start", "pk") if filters.is_past else qs.order_by("start", "pk")
    elif filters.is_past:
        qs = qs.filter(end__lt=now).order_by("-start", "pk")
    else:
        qs = qs.filter(end__gte=now).order_by("start", "pk")
    if not filters.every_date:
        qs = next_date_per_event(qs, now, past=filters.is_past)
    if filters.kind:
        qs = qs.filter(event__kind=filters.kind)
    if filters.group:
        qs = qs.filter(event__group__slug=filters.group)
    if filters.tag:
        # taggit's slugs are lower case: a ?tag= typed in another case matches too (as for imported dates)
        qs = qs.filter(event__tagged_items__tag__slug=filters.tag.lower())
    if filters.is_online:
        qs = qs.exclude(event__online_url="")
    elif filters.city:
        qs = qs.filter(Q(event__venue__city__iexact=filters.city) | Q(event__group__city__iexact=filters.city))
    if filters.q:
        # search_text holds the event's words in English and French (title, summary, details), folded
        # to lower case without accents, so "evenement" finds "Événement" in either language.
        qs = qs.filter(
            Q(event__search_text__contains=fold(filters.q))
            | Q(event__title__icontains=filters.q)
            | Q(event__summary__icontains=filters.q)
            | Q(event__group__title__icontains=filters.q)
            | Q(event__group__title_fr__icontains=filters.q)
            | Q(event__venue__city__icontains=filters.q)
        )
    return qs


# -- dates kept outside EventPage (imported calendars) ------------------------------------------
# Apps above events add dates to the listing through the 'convene_listing_sources' hook: each hook
# returns an object with `key`, `search(filters, now)` and `for_group(group, now)` (querysets of rows
# with `start` and `id`), and `cards(ids)` (those rows ready for a card, any order).


def listing_sources():
    return [make() for make in hooks.get_hooks("convene_listing_sources")]


def _keyed(qs, key):
    return qs.order_by().annotate(origin=Value(key, output_field=CharField())).values_list("start", "id", "origin")


class MergedDates:
    """Occurrences and other sources' dates as one sequence in date order, for a Paginator: the page is
    picked by one UNION query over (start, id, source), then each source fetches its own cards."""

    def __init__(self, occurrences, others, descending=False):
        self.occurrences = occurrences
        self.others = others  # {key: (source, queryset)}
        order = ("-start", "-id", "-origin") if descending else ("start", "id", "origin")
        parts = [
            occurrences.order_by()
            .annotate(origin=Value("", output_field=CharField()))
            .values_list("start", "id", "origin")
        ]
        for key, (_source, qs) in others.items():
            parts.append(
                qs.order_by().annotate(origin=Value(key, output_field=CharField())).values_list("start", "id", "origin")
            )
        self.union = parts[0].union(*parts[1:], all=True).order_by(*order)

    def count(self):
        return self.union.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        rows = list(self.union[index]) if isinstance(index, slice) else [self.union[index]]
        wanted = {}
        for _start, pk, origin in rows:
            wanted.setdefault(origin, []).append(pk)
        found = {}
        if wanted.get(""):
            found.update({("", o.pk): o for o in self.occurrences.filter(pk__in=wanted[""])})
        for key, (source, _qs) in self.others.items():
            if wanted.get(key):
                found.update({(key, pk): card for pk, card in source.cards(wanted[key]).items()})
        cards = [found[(origin, pk)] for _start, pk, origin in rows if (origin, pk) in found]
        return cards if isinstance(index, slice) else cards[0]


def listing_dates(filters, now=None):
    """The listing's sequence: this site's dates, merged with other sources' when there are any."""
    now = now or timezone.now()
    occurrences = search_occurrences(filters, now)
    others = {source.key: (source, source.search(filters, now)) for source in listing_sources()}
    if not others:
        return occurrences
    return MergedDates(occurrences, others, descending=filters.is_past)


def group_upcoming(group, limit, now=None):
    """The next dates of a group, its own and other sources', in date order."""
    now = now or timezone.now()
    occurrences = occurrence_cards().filter(event__group=group, end__gte=now)
    others = {source.key: (source, source.for_group(group, now)) for source in listing_sources()}
    if not others:
        return list(occurrences.order_by("start", "pk")[:limit])
    return MergedDates(occurrences, others)[:limit]


FILTER_OPTIONS_CACHE_KEY = "events:listing:filter-options"


def filter_options():
    """Choices for the filter form. They change only when pages are published, so they are cached
    until then (see events.signals), once per language: kinds and group names are read in it."""
    key = f"{FILTER_OPTIONS_CACHE_KEY}:{language_code()}"
    return cache.get_or_set(key, _compute_filter_options, timeout=3600)


def forget_filter_options():
    cache.delete_many([f"{FILTER_OPTIONS_CACHE_KEY}:{code}" for code in LANGUAGE_CODES])


def _group_choices():
    groups = GroupPage.objects.live().public().only("slug", "title", "title_fr", "source_language")
    return sorted(((g.slug, str(g.display_title)) for g in groups), key=lambda choice: (fold(choice[1]), choice[0]))


def _compute_filter_options():
    live_events = EventPage.objects.live().public()
    cities = sorted(
        set(Venue.objects.filter(events__in=live_events).values_list("city", flat=True))
        | set(GroupPage.objects.live().values_list("city", flat=True))
    )
    tags = dict(
        Tag.objects.filter(events_eventpagetag_items__content_object__in=live_events)
        .distinct()
        .values_list("slug", "name")
    )
    for slug, name in other_topics():
        tags.setdefault(slug, name)
    return {
        "kinds": [(value, str(label)) for value, label in Kind.choices],
        "groups": _group_choices(),
        "cities": [c for c in cities if c and c.lower() != ONLINE],
        "online": live_events.exclude(online_url="").exists(),
        "tags": sorted(tags.items(), key=lambda item: (item[1].lower(), item[0])),
    }


def other_topics():
    """(slug, name) of the tags dates kept outside EventPage carry (imported calendars, submissions), given
    by apps above events through the 'convene_listing_topics' hook; slugs are taggit's."""
    return [topic for topics in hooks.get_hooks("convene_listing_topics") for topic in topics()]


def mixed_next_events(limit=6, now=None):
    """The home page's next events: each event once, and the first of every kind before a second of any,
    so a hack day is not hidden behind a week of hacknights. Shown in date order."""
    now = now or timezone.now()
    candidates = list(next_date_per_event(occurrence_cards().filter(end__gte=now), now).order_by("start", "pk")[:60])
    chosen, kinds = [], set()
    for occurrence in candidates:
        if occurrence.event.kind not in kinds and len(chosen) < limit:
            kinds.add(occurrence.event.kind)
            chosen.append(occurrence)
    for occurrence in candidates:
        if len(chosen) >= limit:
            break
        if occurrence not in chosen:
            chosen.append(occurrence)
    return sorted(chosen, key=lambda o: (o.start, o.pk))
