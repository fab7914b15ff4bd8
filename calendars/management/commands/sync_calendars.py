"""Fetch the calendar sources that are due (cron: every 15 minutes). Safe to run twice at once."""

from django.core.management.base import BaseCommand

from ...services.sync import sync_due


class Command(BaseCommand):
    help = "Import events from the outside calendars (calendar sources) that are due for a fetch."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, action="append", help="Only this source (id); repeatable.")
        parser.add_argument("--force", action="store_true", help="Fetch even sources that are not due yet.")

    def handle(self, *args, source=None, force=False, **options):
        outcomes = sync_due(force=force, source_pks=source)
        for o in outcomes:
            line = f"source {o.source_pk}: {o.result}"
            if o.result == "updated":
                line += f" (+{o.created} ~{o.updated} -{o.removed})"
            if o.error:
                line += f": {o.error}"
            self.stdout.write(line)
        failed = sum(o.result == "failed" for o in outcomes)
        self.stdout.write(f"{len(outcomes)} sources, {failed} failed")
