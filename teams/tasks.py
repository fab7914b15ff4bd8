from django_tasks import task


@task()
def refit_pairwise(event_id):
    """Refit the pairwise ratings of one event from its full comparison log."""
    from .services.pairwise import refit

    refit(event_id)
