"""The organizer's cockpit: how each event is doing, in numbers.

Every function here runs a fixed number of queries, whatever the number of events, dates and
registrations: per-date figures come from one aggregate over all the dates, money from one grouped sum,
answers and attendance from one pass over the rows they need.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import EventPage, Occurrence, Payment, Question, Registration
from ..models.registrations import PaymentStatus, QuestionKind, RegistrationStatus
from ..permissions import managed_events_filter

ACTIVE = ~Q(registrations__status=RegistrationStatus.CANCELLED)


def annotate_figures(occurrences, now):
    """Each date with its counts, computed by the database in the same query."""
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    holding = Q(
        Q(registrations__hold_expires_at__isnull=True) | Q(registrations__hold_expires_at__gt=now),
        registrations__status=RegistrationStatus.PENDING_PAYMENT,
    )
    checked_in = Q(registrations__checked_in_at__isnull=False) & ACTIVE
    return occurrences.annotate(
        n_confirmed=Count("registrations", filter=confirmed),
        n_pending=Count("registrations", filter=holding),
        n_waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        n_checked_in=Count("registrations", filter=checked_in),
        n_not_checked_in=Count("registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=True)),
    )


@dataclass
class DateFigures:
    occurrence: Occurrence
    confirmed: int
    pending: int
    waitlisted: int
    checked_in: int
    no_shows: int | None  # None until the date has started
    capacity: int | None
    is_past: bool

    @property
    def registered(self):
        return self.confirmed + self.pending

    @property
    def fill(self):
        """Share of seats taken, 0..1 (None: no limit)."""
        if not self.capacity:
            return None
        return min(self.registered / self.capacity, 1)

    @property
    def check_in_rate(self):
        if not self.is_past or not self.confirmed:
            return None
        return self.checked_in / self.confirmed


def date_figures(occurrence, now):
    started = occurrence.start <= now
    capacity = occurrence.capacity if occurrence.capacity is not None else occurrence.event.capacity
    return DateFigures(
        occurrence=occurrence,
        confirmed=occurrence.n_confirmed,
        pending=occurrence.n_pending,
        waitlisted=occurrence.n_waitlisted,
        checked_in=occurrence.n_checked_in,
        no_shows=occurrence.n_not_checked_in if started else None,
        capacity=capacity,
        is_past=occurrence.end <= now,
    )


@dataclass
class EventSummary:
    event: EventPage
    dates: list = field(default_factory=list)
    revenue: dict = field(default_factory=dict)  # currency -> cents

    @property
    def upcoming(self):
        return [d for d in self.dates if not d.is_past and not d.occurrence.is_cancelled]

    @property
    def next_date(self):
        upcoming = self.upcoming
        return upcoming[0] if upcoming else None

    @property
    def is_past(self):
        return not self.upcoming

    @property
    def headline(self):
        """The figures shown on the event's card: the next date's, or for a past event its last date's
        (a series' past is in its strip)."""
        if self.next_date:
            return self.next_date
        held = [d for d in self.dates if not d.occurrence.is_cancelled]
        return held[-1] if held else None

    @property
    def strip(self):
        """A series' dates around now: the last four held and the next eight."""
        past = [d for d in self.dates if d.is_past and not d.occurrence.is_cancelled][-4:]
        return past + self.upcoming[:8]

    @property
    def revenue_list(self):
        return sorted(self.revenue.items())


def managed_events(user):
    events = EventPage.objects.all()
    limit = managed_events_filter(user)
    if limit is not None:
        events = events.filter(**limit)
    return events


def cockpit(user, now=None):
    """Every event the user organizes, upcoming first (soonest first), then past ones (latest first)."""
    now = now or timezone.now()
    events = list(managed_events(user).select_related("group").order_by("start", "pk").distinct())
    by_pk = {event.pk: EventSummary(event) for event in events}
    occurrences = annotate_figures(Occurrence.objects.filter(event_id__in=by_pk).order_by("start", "pk"), now)
    for occurrence in occurrences:
        summary = by_pk[occurrence.event_id]
        occurrence.event = summary.event
        summary.dates.append(date_figures(occurrence, now))
    for row in revenue_rows(by_pk):
        summary = by_pk[row["registration__occurrence__event_id"]]
        summary.revenue[row["currency"]] = row["cents"]
    upcoming = [s for s in by_pk.values() if not s.is_past]
    upcoming.sort(key=lambda s: s.next_date.occurrence.start)
    past = [s for s in by_pk.values() if s.is_past]
    past.sort(key=lambda s: s.dates[-1].occurrence.start if s.dates else s.event.start, reverse=True)
    return upcoming, past


def revenue_rows(event_ids):
    """Money kept: paid payments (a refunded one no longer counts)."""
    return (
        Payment.objects.filter(status=PaymentStatus.PAID, registration__occurrence__event_id__in=list(event_ids))
        .values("registration__occurrence__event_id", "currency")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )


def event_dates(event, now=None):
    now = now or timezone.now()
    occurrences = annotate_figures(event.occurrences.order_by("start", "pk"), now)
    dates = []
    for occurrence in occurrences:
        occurrence.event = event
        dates.append(date_figures(occurrence, now))
    return dates


def registrations_over_time(event, occurrence=None):
    """[(day, cumulative active registrations)] by the day they registered, in the event's zone."""
    regs = Registration.objects.filter(occurrence__event=event).exclude(status=RegistrationStatus.CANCELLED)
    if occurrence is not None:
        regs = regs.filter(occurrence=occurrence)
    rows = (
        regs.annotate(day=TruncDate("created_at", tzinfo=event.tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    total, series = 0, []
    for row in rows:
        total += row["n"]
        series.append((row["day"], total))
    return series


def attendance(event, dates):
    """For each held date: (figures, regulars, first_timers). A regular checked in at an earlier date
    of the same event; a first-timer had not."""
    checked = (
        Registration.objects.filter(occurrence__event=event, checked_in_at__isnull=False)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("occurrence__start", "pk")
        .values_list("occurrence_id", "user_id")
    )
    seen, split = set(), defaultdict(lambda: [0, 0])
    for occurrence_id, user_id in checked:
        split[occurrence_id][0 if user_id in seen else 1] += 1
        seen.add(user_id)
    return [(d, *split[d.occurrence.pk]) for d in dates if d.is_past and not d.occurrence.is_cancelled]


@dataclass
class AnswerSummary:
    question: Question
    counts: list = field(default_factory=list)  # [(option, count)] for choices and yes/no
    texts: list = field(default_factory=list)
    unanswered: int = 0


def answer_summaries(event, text_limit=200):
    """Each question of the event with its answers from active registrations: counts for choices
    and yes/no, the text answers listed."""
    questions = list(Question.objects.filter(event=event))
    if not questions:
        return []
    answers = (
        Registration.objects.filter(occurrence__event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("answers", flat=True)
    )
    tallies = {q.pk: Counter() for q in questions}
    texts = {q.pk: [] for q in questions}
    unanswered = Counter()
    for row in answers:
        row = row if isinstance(row, dict) else {}
        for q in questions:
            value = str(row.get(str(q.pk), "") or "").strip()
            if not value:
                unanswered[q.pk] += 1
            elif q.kind == QuestionKind.TEXT:
                if len(texts[q.pk]) < text_limit:
                    texts[q.pk].append(value)
            else:
                tallies[q.pk][value] += 1
    summaries = []
    for q in questions:
        summary = AnswerSummary(question=q, unanswered=unanswered[q.pk], texts=texts[q.pk])
        if q.kind == QuestionKind.CHOICE:
            options = q.option_list()
            summary.counts = [(o, tallies[q.pk][o]) for o in options]
            summary.counts += [(o, n) for o, n in tallies[q.pk].most_common() if o not in options]
        elif q.kind == QuestionKind.YES_NO:
            from .registration import NO, YES

            summary.counts = [(YES, tallies[q.pk][YES]), (NO, tallies[q.pk][NO])]
        summaries.append(summary)
    return summaries


def has_upcoming_dates(event, now=None):
    now = now or timezone.now()
    return event.occurrences.scheduled().filter(end__gt=now).exists()


def days_between(first, last):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
