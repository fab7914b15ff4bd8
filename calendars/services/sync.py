"""Bringing a source's dates up to date. Safe to run twice and from two machines at once: each source is
claimed with SELECT ... FOR UPDATE SKIP LOCKED for the whole fetch-and-write, so a second runner skips a
source being synced; the (source, UID, RECURRENCE-ID) constraint keeps rows unique whatever happens."""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.feeds import cache as feed_cache

from ..models import CalendarSource, ImportedEvent
from .fetch import FetchError, fetch
from .parse import ParseError, parse_feed

logger = logging.getLogger(__name__)

FIELDS = ["title", "description", "location", "url", "start", "end", "all_day", "timezone", "status", "sequence"]


@dataclass
class SyncOutcome:
    source_pk: int
    result: str  # "updated", "unchanged", "failed", "skipped"
    created: int = 0
    updated: int = 0
    removed: int = 0
    error: str = ""


def due_sources(now=None):
    now = now or timezone.now()
    return CalendarSource.objects.filter(enabled=True).filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))


def backoff(failures):
    """Minutes to wait after `failures` failures in a row: 15, 30, 60, ... up to a day."""
    return min(settings.CONVENE_CALENDAR_IMPORT_RETRY_MINUTES * 2 ** max(failures - 1, 0), 24 * 60)


def sync_source(source_pk, *, force=False, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        source = (
            CalendarSource.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("group")
            .filter(pk=source_pk, enabled=True)
            .first()
        )
        if source is None:
            return SyncOutcome(source_pk, "skipped")
        if not force and source.next_try_at and source.next_try_at > now:
            return SyncOutcome(source_pk, "skipped")
        try:
            outcome = _sync_locked(source, now)
        except (FetchError, ParseError) as e:
            _record_failure(source, str(e), now)
            return SyncOutcome(source_pk, "failed", error=str(e))
        return outcome


def _sync_locked(source, now):
    result = fetch(source.url, etag=source.etag, last_modified=source.last_modified_header)
    if result.status == 304:
        _record_success(source, now)
        return SyncOutcome(source.pk, "unchanged")
    digest = hashlib.sha256(result.body).hexdigest()
    if digest == source.content_hash:
        # A server without conditional requests sent the same bytes: nothing to parse or write.
        _record_success(source, now, etag=result.etag, last_modified=result.last_modified)
        return SyncOutcome(source.pk, "unchanged")
    parsed = parse_feed(result.body, default_timezone=settings.CONVENE_DEFAULT_TIMEZONE, now=now)
    created, updated, removed = apply_dates(source, parsed, now)
    _record_success(source, now, etag=result.etag, last_modified=result.last_modified, content_hash=digest)
    if created or updated or removed:
        return SyncOutcome(source.pk, "updated", created, updated, removed)
    return SyncOutcome(source.pk, "unchanged")


def apply_dates(source, parsed, now):
    """Upsert by (UID, RECURRENCE-ID); a stale copy (lower SEQUENCE) never overwrites a newer one; a
    future date that vanished from the feed is removed. Rows that did not change are not written."""
    existing = {
        (row.uid, row.recurrence_id): row
        for row in ImportedEvent.objects.filter(source=source).only(
            "pk", "uid", "recurrence_id", "fingerprint", "sequence", "start", "feed_sequence"
        )
    }
    to_create, to_update = [], []
    for date in parsed:
        row = existing.get(date.key)
        fingerprint = date.fingerprint
        if row is None:
            to_create.append(
                ImportedEvent(
                    source=source,
                    uid=date.uid,
                    recurrence_id=date.recurrence_id,
                    fingerprint=fingerprint,
                    modified_at=now,
                    first_seen_at=now,
                    **{field: getattr(date, field) for field in FIELDS},
                )
            )
        elif row.fingerprint != fingerprint and date.sequence >= row.sequence:
            to_update.append(
                ImportedEvent(
                    source=source,
                    uid=date.uid,
                    recurrence_id=date.recurrence_id,
                    fingerprint=fingerprint,
                    modified_at=now,
                    first_seen_at=now,  # not written over (not in update_fields)
                    feed_sequence=row.feed_sequence + 1,
                    **{field: getattr(date, field) for field in FIELDS},
                )
            )
    seen = {date.key for date in parsed}
    vanished = [row.pk for key, row in existing.items() if key not in seen and row.start >= now]
    if to_create or to_update:
        # One upsert on (source, UID, RECURRENCE-ID) for new and changed rows: INSERT ... ON CONFLICT
        # DO UPDATE, far cheaper than bulk_update's CASE per field, and a row another writer added in
        # between is updated rather than duplicated.
        ImportedEvent.objects.bulk_create(
            to_create + to_update,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["source", "uid", "recurrence_id"],
            update_fields=[*FIELDS, "fingerprint", "modified_at", "feed_sequence"],
        )
    if vanished:
        ImportedEvent.objects.filter(pk__in=vanished).delete()
    if to_create or to_update or vanished:
        feed_cache.invalidate_all()  # the site's own feeds carry imported dates
    return len(to_create), len(to_update), len(vanished)


def _record_success(source, now, *, etag=None, last_modified=None, content_hash=None):
    source.last_attempt_at = now
    source.last_success_at = now
    source.last_error = ""
    source.failures = 0
    source.next_try_at = now + datetime.timedelta(minutes=settings.CONVENE_CALENDAR_IMPORT_INTERVAL_MINUTES)
    fields = ["last_attempt_at", "last_success_at", "last_error", "failures", "next_try_at"]
    if etag is not None:
        source.etag, source.last_modified_header = etag, last_modified or ""
        fields += ["etag", "last_modified_header"]
    if content_hash is not None:
        source.content_hash = content_hash
        fields.append("content_hash")
    source.save(update_fields=fields)


def _record_failure(source, message, now):
    """The dates from the last good fetch stay; the admin shows why this one failed and when the next is."""
    logger.warning("calendar source %s failed: %s", source.pk, message)
    source.last_attempt_at = now
    source.last_error = message[:2000]
    source.failures += 1
    source.next_try_at = now + datetime.timedelta(minutes=backoff(source.failures))
    source.save(update_fields=["last_attempt_at", "last_error", "failures", "next_try_at"])


def sync_due(*, force=False, source_pks=None, now=None):
    now = now or timezone.now()
    qs = CalendarSource.objects.filter(enabled=True) if force else due_sources(now)
    if source_pks:
        qs = qs.filter(pk__in=source_pks)
    return [sync_source(pk, force=force, now=now) for pk in qs.order_by("pk").values_list("pk", flat=True)]
