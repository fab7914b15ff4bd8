"""At the door: find people by ticket code or name, check them in once, add walk-ins."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RegistrationError
from ..models import Registration
from ..models.registrations import RegistrationStatus
from ..permissions import can_manage_event
from .audit import audit
from .registration import register


def _require_organizer(actor, occurrence):
    if not can_manage_event(actor, occurrence.event):
        raise RegistrationError(_("Only the event's organizers can check people in."))


def find_attendees(occurrence, query, limit=20):
    """Active registrations of a date matching a ticket code (exact) or a name/email (partial)."""
    query = (query or "").strip()
    if not query:
        return []
    regs = (
        Registration.objects.filter(occurrence=occurrence)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "ticket_type")
    )
    by_code = regs.filter(code="".join(ch for ch in query if ch.isalnum()).upper()[:16])
    if by_code:
        return list(by_code)
    return list(
        regs.filter(
            Q(user__name__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
        ).order_by("user__name", "pk")[:limit]
    )


def check_in(registration, *, actor, occurrence=None, now=None):
    """Check someone in. Returns (registration, already): a second check-in changes nothing."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("occurrence__event").get(pk=registration.pk)
    _require_organizer(actor, registration.occurrence)
    if occurrence is not None and registration.occurrence_id != occurrence.pk:
        raise RegistrationError(_("This ticket is for another date."))
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("This registration is %(status)s, not confirmed.")
                % {"status": registration.get_status_display().lower()}
            )
        if registration.checked_in_at is not None:
            return registration, True
        registration.checked_in_at = now
        registration.save(update_fields=["checked_in_at", "updated_at"])
        audit("registration.checked_in", actor=actor, registration=registration)
    return registration, False


def check_in_by_code(occurrence, code, *, actor, now=None):
    code = "".join(ch for ch in (code or "") if ch.isalnum()).upper()[:16]
    registration = Registration.objects.filter(occurrence=occurrence, code=code).first() if code else None
    if registration is None:
        _require_organizer(actor, occurrence)
        raise RegistrationError(_("No ticket with this code for this date."))
    return check_in(registration, actor=actor, occurrence=occurrence, now=now)


def add_walk_in(occurrence, *, name, email, actor, now=None):
    """Someone turns up without a registration: confirmed and checked in if a seat remains."""
    _require_organizer(actor, occurrence)
    email = get_user_model().objects.normalize_email((email or "").strip()).lower()
    name = (name or "").strip()
    if not email or "@" not in email:
        raise RegistrationError(_("Give the walk-in's email address."))
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(email=email, password=None, name=name[:150])
    return register(user, occurrence, actor=actor, walk_in=True, now=now)
