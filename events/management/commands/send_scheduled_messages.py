from django.core.management.base import BaseCommand

from events.services.messaging import send_due_messages


class Command(BaseCommand):
    help = "Send organizers' scheduled messages that are due (each person once; safe to rerun beside the worker)."

    def handle(self, *args, **options):
        sent = send_due_messages()
        self.stdout.write(f"sent {sent} emails")
