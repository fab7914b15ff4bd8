import django.db.models.deletion
from django.db import migrations, models


def assign_owners(apps, schema_editor):
    """Venues that exactly one group uses (as its default venue or at its events) become that group's; the
    others stay shared, editable by site staff only (the same rule as events.services.venues)."""
    Venue = apps.get_model("events", "Venue")
    EventPage = apps.get_model("events", "EventPage")
    GroupPage = apps.get_model("events", "GroupPage")
    for venue in Venue.objects.filter(group__isnull=True):
        users = set(EventPage.objects.filter(venue=venue, group__isnull=False).values_list("group_id", flat=True))
        users |= set(GroupPage.objects.filter(default_venue=venue).values_list("pk", flat=True))
        if len(users) == 1:
            venue.group_id = users.pop()
            venue.save(update_fields=["group"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_follower_new_event_emails"),
    ]

    operations = [
        migrations.AddField(
            model_name="venue",
            name="group",
            field=models.ForeignKey(
                blank=True,
                help_text="Its organizers may edit and use this venue. Leave empty for a venue every group shares.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="venues",
                to="events.grouppage",
                verbose_name="group",
            ),
        ),
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
    ]
