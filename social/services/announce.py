"""'New: …' posts: once per event and channel, when an event is first published in a group with a channel."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import EventPage

from ..models import Channel, Post, PostKind, PostLog, PostStatus
from .compose import compose_announcement, listing_settings
from .sending import enqueue_send


def announce_event(event, now=None):
    """Create (once: unique per channel and event) and queue the announcement. Returns posts created."""
    now = now or timezone.now()
    if event.group_id is None or not event.live or not EventPage.objects.public().filter(pk=event.pk).exists():
        return []  # a private (password or members-only) event is not announced to the world
    channels = Channel.objects.filter(enabled=True, announce_new_events=True).filter(
        Q(group_id=event.group_id) | Q(group__isnull=True)
    )
    if not channels:
        return []
    occurrence = event.occurrences.scheduled().filter(end__gte=now).order_by("start").first()
    if occurrence is None or event.status != "scheduled":
        return []
    review = listing_settings().review
    created_posts = []
    for channel in channels:
        parts = compose_announcement(event, occurrence, channel.network, channel.limit, channel.language)
        with transaction.atomic():
            post, created = Post.objects.get_or_create(
                channel=channel,
                kind=PostKind.ANNOUNCEMENT,
                key=f"event:{event.pk}",
                defaults={
                    "event": event,
                    "parts": parts,
                    "status": PostStatus.DRAFT if review else PostStatus.APPROVED,
                },
            )
            if created:
                PostLog.objects.create(post=post, action=PostLog.Action.CREATED, message=event.title)
                created_posts.append(post)
                if post.status == PostStatus.APPROVED:
                    enqueue_send(post.pk)
    return created_posts
