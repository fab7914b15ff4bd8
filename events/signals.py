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


@receiver(page_published, sender=EventPage)
def tell_followers_about_new_event(sender, instance, **kwargs):
    from .services.follows import announce_to_followers

    if instance.first_published_at != instance.last_published_at:
        return  # published again: only a first publication is news (and each event is announced once anyway)
    announce_to_followers(instance)
