"""A task for the freshness tests: the real db_worker (a separate process) imports and runs it.

It calls the organizer's service, as any task that changes a date would."""

from django_tasks import task


@task()
def cancel_date(occurrence_id, note):
    from events.models import Occurrence
    from events.services.occurrences import cancel_occurrence

    cancel_occurrence(Occurrence.objects.get(pk=occurrence_id), note=note)
