from django_tasks import task


@task()
def refit_pairwise(event_id):
    """Refit the pairwise ratings of one event from its full comparison log."""
    from .services.pairwise import refit

    refit(event_id)


@task()
def send_join_request_email(join_request_id):
    """Tell a team's captain that someone asks to join."""
    from .emails import send_join_request_email as send

    send(join_request_id)
