from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage
from .services.occurrences import sync_occurrences


@receiver(page_published, sender=EventPage)
def materialise_dates_on_publish(sender, instance, **kwargs):
    sync_occurrences(instance)
