from django_tasks import task

from .services.sending import send_post


@task()
def send_post_task(post_id):
    """Send one post's remaining parts (the claim inside makes a duplicate task harmless)."""
    return send_post(post_id)
