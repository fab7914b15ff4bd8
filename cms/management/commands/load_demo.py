from django.core.management.base import BaseCommand

from cms.demo import ADMIN_EMAIL, ADMIN_PASSWORD, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load demo groups, venues and events (idempotent; dates relative to today)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        self.stdout.write(f"  Organizer login: {ORGANIZER_EMAIL} / {ORGANIZER_PASSWORD}")
        self.stdout.write(f"  Admin login:     {ADMIN_EMAIL} / {ADMIN_PASSWORD}")
