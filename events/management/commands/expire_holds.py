from django.core.management.base import BaseCommand

from events.services.payments import retry_pending_refunds
from events.services.waitlist import expire_holds, warn_expiring_offers


class Command(BaseCommand):
    help = (
        "Release unpaid seat holds that ran out, promote the waitlist, warn of offers about to expire, "
        "retry refunds that did not go through."
    )

    def handle(self, *args, **options):
        released, promoted = expire_holds()
        warned = warn_expiring_offers()
        refunds = retry_pending_refunds()
        self.stdout.write(
            f"released {released} expired holds, promoted {promoted}, warned {warned}, retried {refunds} refunds"
        )
