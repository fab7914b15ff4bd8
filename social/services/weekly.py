"""The weekly run: make sure each channel has its Post for the week, then queue the ones that are due."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import Channel, Post, PostKind, PostLog, PostStatus
from .compose import compose_for_channel, listing_settings, post_time
from .sending import enqueue_send


@dataclass
class WeekResult:
    created: int = 0
    refreshed: int = 0
    queued: int = 0
    empty: int = 0


def _untouched(post):
    """Composed by us and not yet edited, approved or sent by a person: safe to compose again."""
    if post.sent or post.status not in (PostStatus.DRAFT, PostStatus.APPROVED):
        return False
    if post.approved_by_id is not None:
        return False
    return not post.log.filter(action=PostLog.Action.EDITED, user__isnull=False).exists()


def prepare_week(week, config=None):
    """Create (or refresh, while nobody touched it) each enabled channel's weekly Post. Safe to run twice."""
    config = config or listing_settings()
    due = post_time(week, config)
    result = WeekResult()
    for channel in Channel.objects.filter(enabled=True).select_related("group"):
        parts = compose_for_channel(channel, week, config)
        with transaction.atomic():
            post = Post.objects.select_for_update().filter(channel=channel, kind=PostKind.WEEKLY, key=str(week)).first()
            if post is None:
                if not parts:
                    result.empty += 1
                    continue
                post, created = Post.objects.get_or_create(
                    channel=channel,
                    kind=PostKind.WEEKLY,
                    key=str(week),
                    defaults={
                        "parts": parts,
                        "status": PostStatus.DRAFT if config.review else PostStatus.APPROVED,
                        "scheduled_for": due,
                    },
                )
                if created:
                    PostLog.objects.create(post=post, action=PostLog.Action.CREATED, message=f"{len(parts)} parts")
                    result.created += 1
                continue
            if _untouched(post) and parts != post.parts:
                if parts:
                    post.parts = parts
                    post.save(update_fields=["parts", "updated_at"])
                    PostLog.objects.create(
                        post=post, action=PostLog.Action.EDITED, message="composed again: the week's events changed"
                    )
                else:
                    post.status = PostStatus.SKIPPED
                    post.save(update_fields=["status", "updated_at"])
                    PostLog.objects.create(post=post, action=PostLog.Action.SKIPPED, message="no events left")
                result.refreshed += 1
    return result


def queue_due(week=None, now=None, ignore_schedule=False):
    """Queue a send task for every approved post that is due (weekly ones from their post time on)."""
    now = now or timezone.now()
    posts = Post.objects.filter(status=PostStatus.APPROVED)
    if week is not None:
        posts = posts.filter(kind=PostKind.WEEKLY, key=str(week))
    queued = 0
    for post in posts:
        if post.next_attempt_at and post.next_attempt_at > now:
            continue
        if not ignore_schedule and post.scheduled_for and post.scheduled_for > now:
            continue
        enqueue_send(post.pk)
        queued += 1
    return queued


def run_week(week, now=None, ignore_schedule=False):
    result = prepare_week(week)
    result.queued = queue_due(week=week, now=now, ignore_schedule=ignore_schedule)
    return result
