"""Small helpers the use-case modules share: settings, eligibility, roles, audit rows."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from events.models.registrations import Registration, RegistrationStatus
from events.permissions import can_manage_event

from ..exceptions import TeamsError
from ..models import AuditEntry, HackathonSettings, Judge


def hackathon_settings(event):
    """The event's hackathon settings, created with the defaults on first use."""
    if event.kind != "hackathon":
        raise TeamsError(_("Teams and judging are only for hackathons."))
    settings_obj, _created = HackathonSettings.objects.get_or_create(event=event)
    return settings_obj


def get_hackathon(event_id):
    return EventPage.objects.filter(pk=event_id, kind="hackathon").select_related("group").first()


def is_participant(user, event):
    """A registered, confirmed participant of any date of the event."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(user=user, occurrence__event=event, status=RegistrationStatus.CONFIRMED).exists()


def my_registration(user, event):
    """The person's live registration (confirmed, waitlisted or awaiting payment) for any date, or None."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(user=user, occurrence__event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("occurrence__start")
        .first()
    )


def registration_url(event, next_url):
    """Where to register for the hackathon's next date, coming back to `next_url` afterwards (or None)."""
    occurrence = event.occurrences.scheduled().filter(end__gte=timezone.now()).order_by("start").first()
    if occurrence is None:
        return None
    return reverse("events:register", args=[occurrence.pk]) + "?" + urlencode({"next": next_url})


def is_checked_in(user, event):
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        user=user, occurrence__event=event, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False
    ).exists()


def is_organizer(user, event):
    return can_manage_event(user, event)


def require_organizer(user, event):
    if not can_manage_event(user, event):
        raise TeamsError(_("Only the event's organizers can do that."))


def require_participant(user, event):
    if not is_participant(user, event):
        raise TeamsError(_("Only confirmed participants of this event can take part in teams."))


def judge_for(user, event):
    if not user.is_authenticated:
        return None
    return Judge.objects.filter(event=event, user=user, voided_at__isnull=True).first()


def audit(event, actor, action, obj=None, **data):
    """Append an audit row inside the caller's transaction."""
    assert transaction.get_connection().in_atomic_block, "audit rows are written inside the change's transaction"
    AuditEntry.objects.create(
        event=event,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data,
    )
