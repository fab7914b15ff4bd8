"""Keep stored VEVENT text and cached feeds in step with the data they show.

Stored text is dropped in the same transaction as the change; cached feeds move to a new generation
after commit, so a feed built from data not yet committed is never cached under the new generation.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from ..models import CalendarEntry, EventPage, GroupFollow, GroupPage, Occurrence, Registration, Venue
from . import cache as feed_cache


def _forget(**filters):
    CalendarEntry.objects.filter(**filters).delete()
    feed_cache.invalidate_all()


@receiver(post_save, sender=EventPage)
@receiver(post_delete, sender=EventPage)
@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
def event_changed(sender, instance, **kwargs):
    _forget(event_id=instance.pk)


@receiver(post_save, sender=Occurrence)
@receiver(post_delete, sender=Occurrence)
def occurrence_changed(sender, instance, **kwargs):
    _forget(event_id=instance.event_id)


@receiver(post_save, sender=GroupPage)
@receiver(post_delete, sender=GroupPage)
@receiver(page_published, sender=GroupPage)
@receiver(page_unpublished, sender=GroupPage)
def group_changed(sender, instance, **kwargs):
    _forget(event__group_id=instance.pk)


@receiver(post_save, sender=Venue)
@receiver(post_delete, sender=Venue)
def venue_changed(sender, instance, **kwargs):
    _forget(event__venue_id=instance.pk)


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def tag_changed(sender, instance, **kwargs):
    _forget(event__tagged_items__tag_id=instance.pk)


@receiver(page_slug_changed)
@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    # URLs of the page and everything under it changed.
    _forget(event__path__startswith=instance.path)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    feed_cache.invalidate_all()


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def registration_changed(sender, instance, **kwargs):
    feed_cache.invalidate_user(instance.user_id)


@receiver(post_save, sender=GroupFollow)
@receiver(post_delete, sender=GroupFollow)
def follow_changed(sender, instance, **kwargs):
    feed_cache.invalidate_user(instance.user_id)
