"""Feeds and listing caches forget imported dates when a person changes a source or hides a date
(the sync itself invalidates after its bulk writes)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.feeds import cache as feed_cache

from .models import CalendarSource, ImportedEvent


@receiver([post_save, post_delete], sender=CalendarSource)
@receiver([post_save, post_delete], sender=ImportedEvent)
def forget_feeds(sender, **kwargs):
    feed_cache.invalidate_all()
