from django.core.management.base import BaseCommand

from events.services.occurrences import extend_all_series


class Command(BaseCommand):
    help = "Materialise the dates of every series for the rolling window (run daily; safe to run twice)."

    def handle(self, *args, **options):
        created = extend_all_series()
        self.stdout.write(f"{created} new dates.")
