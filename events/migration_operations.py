"""Migration operations shared by several migrations."""

from django.db import migrations


class AddFieldIfMissing(migrations.AddField):
    """AddField that leaves the column alone when it is already there.

    Two branches added GroupPage.contact_email in parallel migrations (0006 of the calendar feeds and of the
    organizer messages); whichever runs second on a database finds the column made by the first."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            columns = {c.name for c in schema_editor.connection.introspection.get_table_description(cursor, table)}
        if model._meta.get_field(self.name).column in columns:
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # The other migration owns the column as much as this one: removing it is left to neither.
        pass
