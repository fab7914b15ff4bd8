"""What the events app holds about a person, for privacy's export, erasure and privacy page."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from privacy.registry import Collected, DataSource, register

from .models import (
    AttendeeEmail,
    AuditLog,
    CalendarToken,
    GroupFollow,
    GroupPage,
    NewEventNotice,
    Payment,
    Question,
    Registration,
)
from .models.registrations import RegistrationStatus


def _when(value):
    return value.isoformat() if value else None


def _registration(registration, labels):
    occurrence = registration.occurrence
    return {
        "id": registration.pk,
        "event": occurrence.event.title,
        "event_id": occurrence.event_id,
        "date_start": _when(occurrence.start),
        "date_end": _when(occurrence.end),
        "status": registration.status,
        "ticket_type": registration.ticket_type.name if registration.ticket_type_id else None,
        "ticket_code": registration.code,
        "registered_at": _when(registration.created_at),
        "waitlisted_at": _when(registration.waitlisted_at),
        "code_of_conduct_accepted_at": _when(registration.coc_accepted_at),
        "checked_in_at": _when(registration.checked_in_at),
        "walk_in": registration.is_walk_in,
        "cancelled_at": _when(registration.cancelled_at),
        "cancel_reason": registration.cancel_reason or None,
        "answers": [
            {"question": labels.get(key, _("(question since removed)")), "answer": value}
            for key, value in (registration.answers or {}).items()
        ],
        "payments": [
            # Amounts and status only: card details are held by Stripe, never by Convene.
            {
                "id": payment.pk,
                "amount_cents": payment.amount_cents,
                "currency": payment.currency,
                "status": payment.status,
                "created_at": _when(payment.created_at),
                "updated_at": _when(payment.updated_at),
                "refunded": bool(payment.stripe_refund_id) or payment.status == "refunded",
            }
            for payment in registration.payments.order_by("pk")
        ],
    }


def export(user):
    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("occurrence__event", "ticket_type")
        .prefetch_related("payments")
        .order_by("created_at", "pk")
    )
    event_ids = {r.occurrence.event_id for r in registrations}
    labels = {str(q.pk): q.label for q in Question.objects.filter(event_id__in=event_ids)}
    confirmed_dates = [r.occurrence_id for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    messages = AttendeeEmail.objects.filter(occurrence_id__in=confirmed_dates, finished_at__isnull=False)
    audit = AuditLog.objects.filter(
        Q(registration__user=user) | Q(payment__registration__user=user) | Q(actor=user)
    ).order_by("created_at", "pk")
    token = CalendarToken.objects.filter(user=user).first()
    follows = list(GroupFollow.objects.filter(user=user).select_related("group").order_by("created_at"))
    announcements = []
    for follow in follows:
        if not follow.email_new_events:
            continue
        notices = NewEventNotice.objects.filter(
            group=follow.group, sent_at__isnull=False, created_at__gte=follow.created_at
        ).select_related("event")
        announcements += [
            {"group": follow.group.title, "event": n.event.title, "sent_at": _when(n.sent_at)} for n in notices
        ]
    return {
        "registrations": [_registration(r, labels) for r in registrations],
        "follows": [
            {"group": f.group.title, "since": _when(f.created_at), "email_new_events": f.email_new_events}
            for f in follows
        ],
        "calendar_feed": {
            "private_feed_active": token is not None,
            "created_at": _when(token.created_at) if token else None,
        },
        "organizer_of_groups": list(GroupPage.objects.filter(organizers=user).values_list("title", flat=True)),
        "messages_from_organizers": [
            {
                "event": m.occurrence.event.title,
                "date_start": _when(m.occurrence.start),
                "subject": m.subject,
                "body": m.body,
                "sent_at": _when(m.finished_at),
            }
            for m in messages.select_related("occurrence__event").order_by("created_at", "pk")
        ],
        "new_event_announcements": announcements,
        "audit_entries": [
            {
                "at": _when(a.created_at),
                "action": a.action,
                "by_you": a.actor_id == user.pk,
                "registration": a.registration_id,
                "payment": a.payment_id,
                "data": a.data,
            }
            for a in audit
        ],
    }


def erase(erasure):
    from .services.cancellation import cancel_for_closed_account

    user = erasure.user
    erasure.summary.update(cancel_for_closed_account(user, actor=erasure.actor, now=erasure.now))
    # Answers to organizers' questions are the person's own words: gone. Attendance (status, check-in)
    # stays, pointing at the pseudonym, so the event's counts still add up.
    erasure.count("answers", Registration.objects.filter(user=user).exclude(answers={}).update(answers={}))
    erasure.count("follows", GroupFollow.objects.filter(user=user).delete()[0])
    CalendarToken.objects.filter(user=user).delete()
    erasure.count("organizer_roles", GroupPage.organizers.through.objects.filter(user=user).delete()[0])
    for entry in AuditLog.objects.filter(Q(registration__user=user) | Q(actor=user)):
        if entry.data and erasure.contains_identifier(str(entry.data)):
            entry.data = erasure.scrub(entry.data)
            entry.save(update_fields=["data"])
    for message in AttendeeEmail.objects.filter(sender=user):
        # What an organizer wrote to attendees stays (others received it); their signature does not.
        message.subject, message.body = erasure.scrub(message.subject), erasure.scrub(message.body)
        message.save(update_fields=["subject", "body"])
    # Payments are kept as they are: they hold amounts and Stripe ids, nothing that names the person.
    erasure.count("payments_kept", Payment.objects.filter(registration__user=user).count())


def preview(user):
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    from .services.cancellation import cancellation_deadline

    now = timezone.now()
    active = (
        Registration.objects.filter(user=user, occurrence__end__gt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("occurrence__event")
    )
    lines = []
    for registration in active:
        paid = Payment.objects.filter(registration=registration, status="paid").exists()
        title = registration.occurrence.event.title
        if paid and registration.status != RegistrationStatus.WAITLISTED and now >= cancellation_deadline(registration):
            lines.append(
                gettext(
                    "Your registration for %(event)s is cancelled; its cancellation deadline has passed, "
                    "so the ticket is not refunded."
                )
                % {"event": title}
            )
        elif paid:
            lines.append(gettext("Your registration for %(event)s is cancelled and refunded.") % {"event": title})
        else:
            lines.append(
                gettext("Your registration for %(event)s is cancelled; your seat goes to the next person waiting.")
                % {"event": title}
            )
    past = Registration.objects.filter(user=user, occurrence__end__lte=now).count()
    if past:
        lines.append(
            ngettext(
                "%(count)d past registration stays as an anonymous attendance count.",
                "%(count)d past registrations stay as anonymous attendance counts.",
                past,
            )
            % {"count": past}
        )
    if Payment.objects.filter(registration__user=user).exists():
        lines.append(gettext("Payment records stay for the accounts, without your name or email."))
    return lines


def register_source():
    days = settings.CONVENE_ANSWER_RETENTION_DAYS
    register(
        DataSource(
            key="events",
            label=_("Events and registrations"),
            export=export,
            erase=erase,
            preview=preview,
            order=20,
            collected=(
                Collected(
                    what=_("Registrations"),
                    fields=(_("date"), _("ticket type"), _("status"), _("ticket code"), _("check-in time")),
                    purpose=_("To hold your seat, run the waitlist, let you in at the door and count attendance."),
                    who_sees=_("You, and the organizers of the event's group."),
                    kept=_(
                        "As long as your account exists. When you erase it, future registrations are cancelled "
                        "and past ones stay only as anonymous attendance counts."
                    ),
                ),
                Collected(
                    what=_("Answers to organizers' questions"),
                    fields=(_("e.g. dietary needs, accessibility, T-shirt size"),),
                    purpose=_("So the organizers can prepare the event for you."),
                    who_sees=_("You, and the organizers of the event's group."),
                    kept=ngettext_lazy(
                        "Deleted %(days)s day after the event.", "Deleted %(days)s days after the event.", "days"
                    )
                    % {"days": days},
                ),
                Collected(
                    what=_("Payments"),
                    fields=(_("amount"), _("currency"), _("status"), _("Stripe payment reference")),
                    purpose=_("To sell paid tickets and refund them. Card details go to Stripe and never reach us."),
                    who_sees=_("You, the organizers of the event's group, and site staff."),
                    kept=_("Kept for the accounts, also after you erase your account, without your name or email."),
                ),
                Collected(
                    what=_("Follows and your private calendar feed"),
                    fields=(_("groups you follow"), _("whether you get new-event emails"), _("feed address")),
                    purpose=_("To put the events you care about in your calendar and tell you about new ones."),
                    who_sees=_("Only you; organizers see how many people follow their group."),
                    kept=_("Until you unfollow, revoke the feed or erase your account."),
                ),
                Collected(
                    what=_("Audit log of registrations and payments"),
                    fields=(_("what changed"), _("when"), _("who made the change")),
                    purpose=_("So that seats and money can be checked and disputes settled."),
                    who_sees=_("Site staff."),
                    kept=_("Kept, without your name or email once you erase your account."),
                ),
            ),
            export_fields={
                "registrations": _(
                    "Every registration: event, date, status, ticket, ticket code, check-in time, your answers "
                    "and the payments for it (amount, currency, status; no card data)."
                ),
                "follows": _("Groups you follow and whether you get their new-event emails."),
                "calendar_feed": _("Whether your private calendar feed is active (the secret address is not stored)."),
                "organizer_of_groups": _("Groups you organize."),
                "messages_from_organizers": _("Messages organizers sent to the attendees of dates you attended."),
                "new_event_announcements": _(
                    "New events we emailed you about because you follow their group. Confirmations, reminders "
                    "and other transactional emails are not stored; when reminders were sent is in audit_entries."
                ),
                "audit_entries": _("The log of changes to your registrations and payments, and changes you made."),
            },
        )
    )
