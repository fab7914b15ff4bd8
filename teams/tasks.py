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


@task()
def send_judge_date_email(judge_id, occurrence_id, change_id):
    """Tell a judge that a date of their hackathon was cancelled (change_id None) or changed."""
    from .emails import send_judge_date_email as send

    send(judge_id, occurrence_id, change_id)
