from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.services.retention import purge_expired_answers


class Command(BaseCommand):
    help = (
        "Delete answers to organizers' questions for dates that ended more than CONVENE_ANSWER_RETENTION_DAYS "
        "days ago (attendance stays as counts). Safe to run twice; schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period for this run.")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        purged = purge_expired_answers(days=days)
        used = settings.CONVENE_ANSWER_RETENTION_DAYS if days is None else days
        self.stdout.write(f"purged the answers of {purged} registrations (dates ended over {used} days ago)")
