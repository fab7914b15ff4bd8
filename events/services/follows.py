"""Following a group: its events join the follower's private calendar feed, and (unless they stop them)
an email tells them when the group publishes a new event."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import EventsError
from ..models import EventPage, GroupFollow, GroupPage, NewEventNotice

UNSUBSCRIBE_SALT = "convene.follow-emails"


def _check(user, group):
    if not user.is_authenticated or not user.is_active:
        raise EventsError(_("Log in to follow a group."))
    if not GroupPage.objects.live().public().filter(pk=group.pk).exists():
        raise EventsError(_("This group cannot be followed."))


def follow_group(user, group):
    """Idempotent: following twice leaves one follow."""
    _check(user, group)
    try:
        with transaction.atomic():
            follow, _created = GroupFollow.objects.get_or_create(user=user, group=group)
    except IntegrityError:  # a parallel request created it first
        follow = GroupFollow.objects.get(user=user, group=group)
    return follow


def unfollow_group(user, group):
    if not user.is_authenticated:
        raise EventsError(_("Log in to follow a group."))
    with transaction.atomic():
        deleted, _detail = GroupFollow.objects.filter(user=user, group=group).delete()
    return bool(deleted)


def is_following(user, group):
    return user.is_authenticated and GroupFollow.objects.filter(user=user, group=group).exists()


def follow_of(user, group):
    if not user.is_authenticated:
        return None
    return GroupFollow.objects.filter(user=user, group=group).first()


def follower_count(group):
    return GroupFollow.objects.filter(group=group, user__is_active=True).count()


def set_follow_emails(follow, on):
    """Turn the new-event emails of one follow on or off (the follow itself stays)."""
    if follow.email_new_events != on:
        follow.email_new_events = on
        follow.save(update_fields=["email_new_events"])
    return follow


def unsubscribe_token(follow):
    """A signed, unguessable token naming one follow: it stops that group's emails without logging in."""
    return signing.dumps({"u": follow.user_id, "g": follow.group_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def follow_for_token(token):
    """The follow a token names, or None (forged, mangled, or the person unfollowed since)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, group_id = int(data["u"]), int(data["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return GroupFollow.objects.select_related("group", "user").filter(user_id=user_id, group_id=group_id).first()


def announce_to_followers(event, now=None):
    """Queue the "new event" email to the group's followers, once per event. Returns the notice or None.

    Only a live, public (not private or restricted), scheduled event of a group with an upcoming date is news.
    The notice row is unique per event, so publishing again, or two processes at once, never email twice.
    """
    from ..tasks import send_new_event_notice

    now = now or timezone.now()
    if event.group_id is None or event.status != "scheduled":
        return None
    if not EventPage.objects.live().public().filter(pk=event.pk).exists():
        return None
    if not event.occurrences.scheduled().filter(end__gte=now).exists():
        return None
    try:
        with transaction.atomic():
            notice, created = NewEventNotice.objects.get_or_create(event=event, defaults={"group_id": event.group_id})
    except IntegrityError:
        return None
    if not created:
        return None
    transaction.on_commit(lambda: send_new_event_notice.enqueue(notice.pk))
    return notice


def notice_recipients(notice):
    """The follows to email for a notice: followers who want the emails, with active accounts."""
    return (
        GroupFollow.objects.filter(group_id=notice.group_id, email_new_events=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
