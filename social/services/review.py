"""Organizers review the week's post: edit, approve or skip. Site staff review every channel; a group's
organizers review their group's channels."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.permissions import is_site_staff

from ..exceptions import SocialError
from ..models import Post, PostKind, PostLog, PostStatus
from ..text import measure
from .compose import Week, compose_for_channel
from .sending import enqueue_send


def can_review(user, post):
    if not user.is_authenticated:
        return False
    if is_site_staff(user):
        return True
    group = post.channel.group
    return group is not None and group.organizers.filter(pk=user.pk).exists()


def reviewable_filter(user):
    """Post queryset kwargs limiting to what the user may review (None: everything)."""
    if is_site_staff(user):
        return None
    return {"channel__group__organizers": user}


def check_parts(channel, parts):
    """Each part non-empty and within the channel's limit, as its network counts; raises SocialError."""
    if not parts:
        raise SocialError(_("A post needs at least one part."))
    for number, part in enumerate(parts, 1):
        length = measure(channel.network, part)
        if not part.strip():
            raise SocialError(_("Part %(number)d is empty.") % {"number": number})
        if length > channel.limit:
            raise SocialError(
                _("Part %(number)d is %(length)d characters as %(network)s counts them; the limit is %(limit)d.")
                % {"number": number, "length": length, "network": channel.get_network_display(), "limit": channel.limit}
            )


def _locked_for_review(post, user):
    if not can_review(user, post):
        raise SocialError(_("You cannot review posts for this channel."))
    locked = Post.objects.select_for_update().select_related("channel").get(pk=post.pk)
    if not locked.is_editable:
        raise SocialError(
            _("This post is %(status)s and can no longer be changed.") % {"status": locked.get_status_display()}
        )
    return locked


def edit_post(post, parts, user):
    parts = [p.strip() for p in parts if p.strip()]
    check_parts(post.channel, parts)
    with transaction.atomic():
        locked = _locked_for_review(post, user)
        if parts != locked.parts:
            locked.parts = parts
            locked.save(update_fields=["parts", "updated_at"])
            PostLog.objects.create(post=locked, action=PostLog.Action.EDITED, user=user)
    return locked


def _late_weekly(post, now):
    return post.kind == PostKind.WEEKLY and post.scheduled_for is not None and post.scheduled_for <= now


def _still_ahead(post, now):
    """The weekly post's parts composed again from the dates that have not started by `now`."""
    week = Week.parse(post.key)
    return compose_for_channel(post.channel, week, now=now)


def recompose_post(post, user, now=None):
    """Compose a weekly post again from the events of its week still ahead, replacing any edits."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_for_review(post, user)
        if locked.kind != PostKind.WEEKLY:
            raise SocialError(_("Only a weekly post can be composed again."))
        parts = _still_ahead(locked, now)
        if not parts:
            raise SocialError(_("None of this week's events are still ahead: skip this post."))
        if parts != locked.parts:
            locked.parts = parts
            locked.save(update_fields=["parts", "updated_at"])
        PostLog.objects.create(
            post=locked, action=PostLog.Action.EDITED, user=user, message="composed again from the events ahead"
        )
    return locked


def approve_post(post, user, now=None):
    """Approve a post; it goes out at its post time, or now if that has passed.

    A weekly post approved after its post time must not announce events that have already started: when
    nobody edited it, it is composed again from what is still ahead; when someone did, the reviewer is
    asked to compose it again (their edits may describe events that are over).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_for_review(post, user)
        if _late_weekly(locked, now):
            ahead = _still_ahead(locked, now)
            if ahead != locked.parts:
                if not ahead:
                    raise SocialError(_("The post time has passed and none of its events are still ahead: skip it."))
                edited = locked.log.filter(action=PostLog.Action.EDITED, user__isnull=False).exists()
                if edited:
                    raise SocialError(
                        _(
                            "The post time has passed and some events in this post have started. Choose "
                            '"Compose again" to list only what is still ahead, check it, then approve.'
                        )
                    )
                locked.parts = ahead
                locked.save(update_fields=["parts", "updated_at"])
                PostLog.objects.create(
                    post=locked, action=PostLog.Action.EDITED, message="composed again at approval: post time passed"
                )
        check_parts(locked.channel, locked.parts)
        locked.status = PostStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = now
        locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        PostLog.objects.create(post=locked, action=PostLog.Action.APPROVED, user=user)
        if locked.scheduled_for is None or locked.scheduled_for <= now:
            enqueue_send(locked.pk)
    return locked


def skip_post(post, user):
    with transaction.atomic():
        locked = _locked_for_review(post, user)
        locked.status = PostStatus.SKIPPED
        locked.save(update_fields=["status", "updated_at"])
        PostLog.objects.create(post=locked, action=PostLog.Action.SKIPPED, user=user)
    return locked


STALE_SENDING = datetime.timedelta(minutes=30)


def retry_post(post, user, now=None):
    """Put a failed post (or one stuck 'sending' after a worker died) back in line. It resumes after the
    last recorded part; for a stuck post, the part that was in flight may already be online: check first."""
    now = now or timezone.now()
    with transaction.atomic():
        if not can_review(user, post):
            raise SocialError(_("You cannot review posts for this channel."))
        locked = Post.objects.select_for_update().get(pk=post.pk)
        stuck = locked.status == PostStatus.SENDING and locked.claimed_at and locked.claimed_at < now - STALE_SENDING
        if locked.status != PostStatus.FAILED and not stuck:
            raise SocialError(_("Only a failed post, or one stuck sending for 30 minutes, can be tried again."))
        message = f"tried again after {locked.attempts} attempts and {len(locked.sent)} parts sent"
        locked.status = PostStatus.APPROVED
        locked.next_attempt_at = None
        locked.attempts = 0  # a fresh budget of attempts; the log keeps every earlier one
        locked.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
        PostLog.objects.create(post=locked, action=PostLog.Action.APPROVED, user=user, message=message)
        enqueue_send(locked.pk)
    return locked
