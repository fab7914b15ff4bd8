from django.core.management.base import BaseCommand

from events.services.waitlist import expire_holds, warn_expiring_offers


class Command(BaseCommand):
    help = "Release unpaid seat holds that ran out, promote the waitlist, warn of offers about to expire."

    def handle(self, *args, **options):
        released, promoted = expire_holds()
        warned = warn_expiring_offers()
        self.stdout.write(f"released {released} expired holds, promoted {promoted}, warned {warned}")
