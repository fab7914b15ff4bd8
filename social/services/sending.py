"""Send a post exactly once: claim the row under a lock, send part after part, record each as it goes.

- claim: inside a transaction, lock the Post row and move it approved -> sending. Whoever does that owns
  the post; a second run, a duplicate task or another worker finds it 'sending' (or 'posted') and stops.
- each part is recorded (external id, url) in its own transaction right after the network accepts it, so a
  thread that fails half-way resumes from the last sent part, replying to it.
- retryable failures (rate limits, 5xx, network) go back to 'approved' with next_attempt_at, and a task is
  queued for then; authentication, duplicate-content and other refusals, or too many attempts, end 'failed'.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..channels import PermanentError, SendError, SentPart, adapter_for
from ..models import Post, PostLog, PostStatus
from ..redaction import redact

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600


def max_attempts():
    return getattr(settings, "SOCIAL_MAX_ATTEMPTS", 5)


def retry_base_seconds():
    return getattr(settings, "SOCIAL_RETRY_BASE_SECONDS", 60)


def enqueue_send(post_id, run_after=None):
    """Queue the send task after commit. A backend that cannot defer leaves a later retry to the next
    run of post_civictechtuesday, which queues every approved post that is due."""
    from ..tasks import send_post_task

    def go():
        if run_after is not None and run_after > timezone.now():
            if not send_post_task.get_backend().supports_defer:
                return
            send_post_task.using(run_after=run_after).enqueue(post_id)
        else:
            send_post_task.enqueue(post_id)

    transaction.on_commit(go)


def claim(post_id, now=None):
    """Move the post approved -> sending under a row lock; None when someone else has it or it is not due."""
    now = now or timezone.now()
    with transaction.atomic():
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.status != PostStatus.APPROVED:
            return None
        if post.next_attempt_at and post.next_attempt_at > now:
            return None
        post.status = PostStatus.SENDING
        post.attempts = F("attempts") + 1
        post.claimed_at = now
        post.next_attempt_at = None
        post.save(update_fields=["status", "attempts", "claimed_at", "next_attempt_at", "updated_at"])
        post.refresh_from_db(fields=["attempts"])
        PostLog.objects.create(
            post=post, action=PostLog.Action.CLAIMED, attempt=post.attempts, message=f"{len(post.sent)} parts sent"
        )
    return Post.objects.select_related("channel").get(pk=post.pk)


def _record_part(post, index, part):
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        locked.sent = [*locked.sent, part.as_dict()]
        locked.save(update_fields=["sent", "updated_at"])
        PostLog.objects.create(
            post=post, action=PostLog.Action.PART_SENT, attempt=post.attempts, part=index + 1, message=part.url
        )
    post.sent = locked.sent


def _finish(post, status, action, message="", next_attempt_at=None, error=""):
    now = timezone.now()
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        locked.status = status
        locked.last_error = error or locked.last_error
        locked.next_attempt_at = next_attempt_at
        fields = ["status", "last_error", "next_attempt_at", "updated_at"]
        if status == PostStatus.POSTED:
            locked.posted_at = now
            fields.append("posted_at")
        locked.save(update_fields=fields)
        PostLog.objects.create(post=post, action=action, attempt=post.attempts, message=message)
        if next_attempt_at is not None:
            enqueue_send(post.pk, run_after=next_attempt_at)
    return locked


def _backoff(attempts):
    return min(retry_base_seconds() * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def _fail(post, error):
    message = redact(str(error))
    logger.warning("Social post %s attempt %s failed: %s", post.pk, post.attempts, message)
    if error.retryable and post.attempts < max_attempts():
        now = timezone.now()
        retry_at = max(error.retry_at or now + datetime.timedelta(seconds=_backoff(post.attempts)), now)
        return _finish(
            post,
            PostStatus.APPROVED,
            PostLog.Action.RETRY,
            message=f"{message} — retry at {retry_at.isoformat()}",
            next_attempt_at=retry_at,
            error=message,
        )
    return _finish(post, PostStatus.FAILED, PostLog.Action.FAILED, message=message, error=message)


def send_post(post_id):
    """Send the post's remaining parts, if this call wins the claim. Returns the post's final status."""
    post = claim(post_id)
    if post is None:
        return "not-claimed"
    try:
        adapter = adapter_for(post.channel)
        sent = [SentPart.from_dict(entry) for entry in post.sent]
        for index in range(len(sent), len(post.parts)):
            part = adapter.send(
                post.parts[index],
                root=sent[0] if sent else None,
                parent=sent[-1] if sent else None,
                idempotency_key=f"convene-post-{post.pk}-part-{index}",
            )
            sent.append(part)
            _record_part(post, index, part)
    except SendError as e:
        return _fail(post, e).status
    except Exception as e:  # an unexpected failure must not leave the post 'sending' forever
        logger.error("Social post %s: unexpected %s", post.pk, type(e).__name__)
        return _fail(post, PermanentError(f"Unexpected error: {type(e).__name__}: {e}")).status
    logger.info("Social post %s posted (%s parts)", post.pk, len(sent))
    return _finish(post, PostStatus.POSTED, PostLog.Action.POSTED, message=" ".join(p.url for p in sent)).status
