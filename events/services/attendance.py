"""What a visitor is told about a date: its state, who is going, and what only registered people see."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import Registration
from ..models.registrations import RegistrationStatus
from ..permissions import can_manage_event


class DateState:
    UPCOMING = "upcoming"
    STARTED = "started"  # under way: too late to register, not over yet
    ENDED = "ended"
    CANCELLED = "cancelled"


def date_state(occurrence, now):
    if occurrence.is_cancelled:
        return DateState.CANCELLED
    if occurrence.end <= now:
        return DateState.ENDED
    if occurrence.start <= now:
        return DateState.STARTED
    return DateState.UPCOMING


def waitlist_position(registration):
    """1 for the next person to get a seat; the waitlist is served in (waitlisted_at, pk) order."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(occurrence_id=registration.occurrence_id, status=RegistrationStatus.WAITLISTED)
    if registration.waitlisted_at is None:
        ahead = ahead.filter(Q(waitlisted_at__isnull=False) | Q(waitlisted_at__isnull=True, pk__lt=registration.pk))
    else:
        joined = registration.waitlisted_at
        ahead = ahead.filter(Q(waitlisted_at__lt=joined) | Q(waitlisted_at=joined, pk__lt=registration.pk))
    return ahead.count() + 1


def can_see_online_link(user, event):
    """The meeting link is for people holding a confirmed seat on some date of the event, and its organizers;
    a public link invites strangers into the call."""
    if not user.is_authenticated:
        return False
    if can_manage_event(user, event):
        return True
    return Registration.objects.filter(
        user=user, occurrence__event_id=event.pk, status=RegistrationStatus.CONFIRMED
    ).exists()


def _count(status):
    return Coalesce(
        Subquery(
            Registration.objects.filter(occurrence_id=OuterRef("pk"), status=status)
            .order_by()
            .values("occurrence_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_attendance(occurrences):
    """Annotate `going` (confirmed) and `waiting` (waitlisted) for listing cards, inside the listing's query."""
    return occurrences.annotate(
        going=_count(RegistrationStatus.CONFIRMED), waiting=_count(RegistrationStatus.WAITLISTED)
    )
