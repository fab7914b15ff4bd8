"""Organizers change a date's seat limit; raising it promotes people from the waitlist."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..permissions import can_manage_event
from .audit import audit
from .seats import lock_occurrence, seats_taken
from .waitlist import refresh_occurrence


def change_capacity(occurrence, capacity, *, actor, now=None):
    """Set the seats for one date (None: back to the event's capacity). Returns the people promoted."""
    now = now or timezone.now()
    if not can_manage_event(actor, occurrence.event):
        raise RegistrationError(_("Only the event's organizers can change its capacity."))
    if capacity is not None and capacity < 0:
        raise RegistrationError(_("Capacity cannot be negative."))
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence.pk)
        taken = seats_taken(occurrence, now)
        effective = capacity if capacity is not None else occurrence.event.capacity
        if effective is not None and effective < taken:
            raise RegistrationError(
                _("%(taken)d seats are already taken; cancel registrations before lowering the capacity below that.")
                % {"taken": taken}
            )
        before = occurrence.seat_limit
        occurrence.capacity = capacity
        occurrence.save(update_fields=["capacity", "modified_at"])
        audit("occurrence.capacity_changed", actor=actor, occurrence=occurrence, before=before, after=capacity)
        promoted = refresh_occurrence(occurrence, now, actor=actor)[1]
    return promoted
