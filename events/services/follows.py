"""Following a group: its events join the follower's private calendar feed."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..exceptions import EventsError
from ..models import GroupFollow, GroupPage


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
