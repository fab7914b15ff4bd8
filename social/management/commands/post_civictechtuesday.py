"""Compose the week's #CivicTechTuesday post and post it on every enabled channel. Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from social.exceptions import SocialError
from social.models import Channel
from social.services.compose import (
    Week,
    compose_for_channel,
    compose_week,
    listing_settings,
    post_time,
    select_occurrences,
    upcoming_week,
)
from social.services.weekly import queue_due, run_week
from social.text import LIMITS, bluesky_render, measure


class Command(BaseCommand):
    help = (
        "Compose the next #CivicTechTuesday post for each enabled channel (it lists the seven days from its post "
        "time) and queue it for sending once that time has come (with review on, only approved posts go out). Until "
        "the post day is over that is this ISO week's post, then next week's. Run it daily or on Monday to draft "
        "posts for review and on the post day to post; running it again never posts twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", help="ISO week such as 2026-W48 (default: the week whose post comes next). Posts now."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print every part with its length; send nothing.")

    def handle(self, *args, week=None, dry_run=False, **options):
        config = listing_settings()
        try:
            target = Week.parse(week) if week else upcoming_week(config=config)
        except SocialError as e:
            raise CommandError(str(e))
        if dry_run:
            self.dry_run(target, config)
            return
        now = timezone.now()
        result = run_week(target, now=now, ignore_schedule=bool(week))
        if not week:
            result.queued += queue_due(now=now)  # retries and announcements that are due
        due = post_time(target, config)
        self.stdout.write(
            f"{target}: {result.created} posts created, {result.refreshed} recomposed, "
            f"{result.empty} channels with nothing to post, {result.queued} queued"
            + ("" if week or now >= due else f" (posting from {due:%a %Y-%m-%d %H:%M %Z})")
        )

    def dry_run(self, week, config):
        channels = list(Channel.objects.filter(enabled=True).select_related("group"))
        if channels:
            plans = [(str(c), c.network, c.limit, compose_for_channel(c, week, config)) for c in channels]
        else:
            occurrences = select_occurrences(week, config)
            plans = [
                (f"(no channel) {network}", network, limit, compose_week(week, network, limit, occurrences))
                for network, limit in LIMITS.items()
            ]
        for name, network, limit, parts in plans:
            self.stdout.write(f"== {name} · {week}: {len(parts)} parts")
            if not parts:
                self.stdout.write("   nothing to post: no events this week")
            for number, part in enumerate(parts, 1):
                self.stdout.write(f"-- part {number}/{len(parts)}: {measure(network, part)}/{limit} ({network})")
                if network == "bluesky":
                    shown, facets = bluesky_render(part)
                    self.stdout.write(shown)
                    for facet in facets:
                        self.stdout.write(f"   link bytes {facet.byte_start}-{facet.byte_end} -> {facet.uri}")
                else:
                    self.stdout.write(part)
