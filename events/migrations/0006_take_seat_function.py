"""The PostgreSQL function a registration's seat decision runs in (events/services/seat_statement.py)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from events.services.seat_statement import CREATE_FUNCTION

        schema_editor.execute(CREATE_FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from events.services.seat_statement import DROP_FUNCTION

        schema_editor.execute(DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("events", "0005_follower_new_event_emails")]

    operations = [migrations.RunPython(create, drop)]
