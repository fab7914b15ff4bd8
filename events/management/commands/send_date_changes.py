from django.core.management.base import BaseCommand

from events.services.changes import send_due_date_changes


class Command(BaseCommand):
    help = (
        "Send the changes to dates (moved, retimed, new venue or link) whose settling window has passed. "
        "The worker sends them on time; this catches any a worker missed. Safe to run twice."
    )

    def handle(self, *args, **options):
        told = send_due_date_changes()
        if options["verbosity"]:
            self.stdout.write(f"told {told} people of changed dates")
