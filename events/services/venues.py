"""Which venues a person may use, and who owns a venue that predates venue ownership."""

from django.db.models import Q

from ..models import EventPage, GroupPage, Venue
from ..permissions import is_site_staff, managed_group_ids


def usable_venues(user, keep=None):
    """Venues this person may put on an event or a group: their groups' venues and the shared ones (site
    staff: all). `keep`: the venue already chosen, which stays choosable so saving the page changes nothing."""
    venues = Venue.objects.all()
    if is_site_staff(user):
        return venues
    allowed = Q(group__isnull=True) | Q(group__in=managed_group_ids(user))
    if keep is not None:
        allowed |= Q(pk=keep)
    return venues.filter(allowed)


def assign_venue_owners():
    """A venue without a group that exactly one group uses (as its default venue or at its events) goes to that
    group; the others stay shared, editable by site staff only. Returns how many venues were assigned."""
    assigned = 0
    for venue in Venue.objects.filter(group__isnull=True):
        users = set(EventPage.objects.filter(venue=venue, group__isnull=False).values_list("group_id", flat=True))
        users |= set(GroupPage.objects.filter(default_venue=venue).values_list("pk", flat=True))
        if len(users) == 1:
            venue.group_id = users.pop()
            venue.save(update_fields=["group"])
            assigned += 1
    return assigned
