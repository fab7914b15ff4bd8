"""Helpers for migrations written on parallel branches."""

from django.db import migrations, models


def add_group_contact_email():
    """GroupPage.contact_email was added on two branches at once (calendar ORGANIZER and message replies);
    whichever of their migrations runs first adds the column, the other only records it in the state."""

    def forwards(apps, schema_editor):
        group_page = apps.get_model("events", "GroupPage")
        table = group_page._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            columns = {c.name for c in schema_editor.connection.introspection.get_table_description(cursor, table)}
        if "contact_email" not in columns:
            field = models.EmailField(blank=True, max_length=254, default="")
            field.set_attributes_from_name("contact_email")
            schema_editor.add_field(group_page, field)

    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AddField(
                model_name="grouppage",
                name="contact_email",
                field=models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
            )
        ],
        database_operations=[migrations.RunPython(forwards, migrations.RunPython.noop)],
    )
