"""What teams hears from events: a hackathon's judges are told when one of its dates is cancelled or
moved, as its participants are (events knows nothing of judges, so it sends signals)."""

from django.dispatch import receiver

from events.services.changes import date_cancelled, date_changed


def _judges_of(occurrence):
    from .models import Judge

    return list(Judge.objects.filter(event_id=occurrence.event_id, voided_at__isnull=True).values_list("pk", flat=True))


@receiver(date_cancelled)
def tell_judges_of_cancelled_date(sender, occurrence, **kwargs):
    from .tasks import send_judge_date_email

    for judge_id in _judges_of(occurrence):
        send_judge_date_email.enqueue(judge_id, occurrence.pk, None)


@receiver(date_changed)
def tell_judges_of_changed_date(sender, occurrence, change, **kwargs):
    from .tasks import send_judge_date_email

    for judge_id in _judges_of(occurrence):
        send_judge_date_email.enqueue(judge_id, occurrence.pk, change.pk)
