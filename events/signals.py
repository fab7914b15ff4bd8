from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import EventPage, Venue
from .services.changes import place_of
from .services.listing import forget_filter_options
from .services.occurrences import apply_published_event, apply_venue_change


@receiver(pre_save, sender=EventPage)
def remember_what_people_were_told(sender, instance, raw=False, update_fields=None, **kwargs):
    """Publishing saves the whole row; before it does, keep the place and status the row still holds,
    so the change can be told to the people it affects (a draft saves only Wagtail's own columns)."""
    if raw or update_fields is not None or instance.pk is None:
        return
    row = EventPage.objects.filter(pk=instance.pk).select_related("venue").first()
    instance._told_before = {"place": place_of(row), "status": row.status} if row else None


@receiver(page_published, sender=EventPage)
def materialise_dates_on_publish(sender, instance, **kwargs):
    apply_published_event(instance, getattr(instance, "_told_before", None))
    instance._told_before = None


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


@receiver(pre_save, sender=Venue)
def remember_the_address_people_were_told(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    row = Venue.objects.filter(pk=instance.pk).first()
    instance._address_before = row.full_address if row else None


@receiver(post_save, sender=Venue)
def tell_people_of_a_new_address(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_address_before", None)
    instance._address_before = None
    if raw or created or before is None:
        return
    apply_venue_change(instance, before)
