"""Feeds and listing caches forget imported dates and submissions when a person changes a source, hides a
date or reviews a submission (the sync itself invalidates after its bulk writes)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.feeds import cache as feed_cache
from events.services.listing import forget_filter_options

from .models import CalendarSource, EventSubmission, ImportedEvent


@receiver([post_save, post_delete], sender=CalendarSource)
@receiver([post_save, post_delete], sender=ImportedEvent)
@receiver([post_save, post_delete], sender=EventSubmission)
def forget_feeds(sender, **kwargs):
    feed_cache.invalidate_all()
    if sender is not ImportedEvent:
        forget_filter_options()  # a source's or submission's tags are topics of the listing's filter
