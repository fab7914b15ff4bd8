from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage

from .services.announce import announce_event


@receiver(page_published, sender=EventPage)
def announce_new_event(sender, instance, **kwargs):
    if instance.first_published_at != instance.last_published_at:
        return  # published again: only a first publication is news (and each is posted once anyway)
    announce_event(instance)
