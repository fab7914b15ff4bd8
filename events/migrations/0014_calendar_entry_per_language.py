# The stored VEVENT text becomes one row per (event, language). The table only holds text rendered from
# the pages (rendered again on the next feed request), so it is replaced rather than converted.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_french_text"),
    ]

    operations = [
        migrations.DeleteModel(name="CalendarEntry"),
        migrations.CreateModel(
            name="CalendarEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=10)),
                ("key", models.CharField(max_length=100)),
                ("text", models.TextField()),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_entries",
                        to="events.eventpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar entry",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "language"), name="one_calendar_entry_per_event_and_language"
                    )
                ],
            },
        ),
    ]
