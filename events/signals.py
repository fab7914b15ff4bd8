from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import EventPage
from .services.listing import forget_filter_options
from .services.occurrences import sync_occurrences


@receiver(page_published, sender=EventPage)
def materialise_dates_on_publish(sender, instance, **kwargs):
    sync_occurrences(instance)


@receiver(page_published)
@receiver(page_unpublished)
def refresh_listing_filters(sender, instance, **kwargs):
    forget_filter_options()
