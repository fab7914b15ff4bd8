"""Background work (django_tasks, run by `manage.py db_worker`). Tasks take primary keys."""

from django.utils import timezone
from django_tasks import task

from .models import Registration
from .models.registrations import RegistrationStatus


@task()
def send_registration_email(registration_id, kind):
    from .emails import send_registration_email as send

    registration = Registration.objects.select_related("user", "occurrence__event__venue").get(pk=registration_id)
    send(registration, kind)


@task()
def refund_payment(payment_id):
    from .services.payments import issue_refund

    issue_refund(payment_id)


@task()
def expire_checkout_session(payment_id):
    from .services.payments import expire_checkout_session as expire

    expire(payment_id)


@task()
def send_attendee_email(attendee_email_id):
    """Send an organizer's message to its segment, counting progress as it goes (each person once)."""
    from .services.messaging import deliver_message

    deliver_message(attendee_email_id)


@task()
def send_new_event_notice(notice_id):
    """Email a group's followers about its new event. Claims the notice first, so it is sent at most once."""
    from .follow_emails import new_event_email
    from .models import EventPage, NewEventNotice
    from .services.follows import notice_recipients

    if not NewEventNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(sent_at=timezone.now()):
        return
    notice = NewEventNotice.objects.get(pk=notice_id)
    event = EventPage.objects.select_related("group", "venue").get(pk=notice.event_id)
    occurrence = event.occurrences.scheduled().filter(end__gte=timezone.now()).order_by("start").first()
    if occurrence is None or not event.live:
        return
    sent = 0
    for follow in notice_recipients(notice):
        new_event_email(event, occurrence, follow).send()
        sent += 1
    NewEventNotice.objects.filter(pk=notice_id).update(recipients=sent)


@task()
def deliver_date_change(change_id):
    """A change to a date fell due (or a later save moved it on: then this does nothing)."""
    from .services.changes import deliver_date_change as deliver

    deliver(change_id)


@task()
def send_date_change_email(change_id, registration_id):
    from .emails import send_date_change_email as send
    from .models import DateChange

    change = DateChange.objects.select_related("occurrence__event__venue").get(pk=change_id)
    registration = Registration.objects.select_related("user", "occurrence__event__venue").get(pk=registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        return  # they cancelled meanwhile: the change is no longer news to them
    send(change, registration)
