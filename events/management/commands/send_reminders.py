from django.core.management.base import BaseCommand

from events.services.messaging import send_reminders


class Command(BaseCommand):
    help = "Email confirmed attendees of dates starting within 24 hours (each reminder once; safe to rerun)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"queued {sent} reminders")
