"""The audit log: one row per state change of a registration, payment or date's seats."""

from ..models import AuditLog


def audit(action, *, actor=None, registration=None, payment=None, occurrence=None, **data):
    if registration is not None and occurrence is None:
        occurrence_id = registration.occurrence_id
    else:
        occurrence_id = occurrence.pk if occurrence is not None else None
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        action=action,
        actor_id=actor_id,
        registration=registration,
        payment=payment,
        occurrence_id=occurrence_id,
        data=data,
    )
