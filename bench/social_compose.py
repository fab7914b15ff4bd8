"""How long counting and packing a week's post takes (no database): python bench/social_compose.py"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings.test")

import django  # noqa: E402

django.setup()

from social.services.compose import pack  # noqa: E402
from social.text import LIMITS, measure  # noqa: E402

LINE = "Tue Nov 24, 6:30 p.m. EST · Civic Tech Toronto · Hacknight 🎉 市民科技 #{n} https://events.example.org/events/hacknight-{n}/?date=2026-11-24"


def main():
    for events in (10, 50, 200):
        lines = [LINE.format(n=n) for n in range(events)]
        for network, limit in LIMITS.items():
            start = time.perf_counter()
            rounds = 20
            for _ in range(rounds):
                parts = pack("#CivicTechTuesday\n{events} civic tech events this week:", lines, network, limit)
            elapsed = (time.perf_counter() - start) / rounds
            assert all(measure(network, p) <= limit for p in parts)
            print(f"{events:4d} events  {network:9s} {len(parts):3d} parts  {elapsed * 1000:8.2f} ms per compose")


if __name__ == "__main__":
    main()
