"""PostgreSQL only: the full-text search index and the "not in the future" check.

SQLite (the embedded default) searches with icontains and allows no clock in a CHECK
constraint, so this does nothing there. Neither is in the model state: Django's
schema editor would otherwise try to build them on SQLite whenever it remakes the table.
"""

from django.db import migrations

SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS listing_search_idx ON directory_listing USING gin "
    "((to_tsvector('english'::regconfig, COALESCE(name, '') || ' ' || COALESCE(summary, '') "
    "|| ' ' || COALESCE(how_to_contact, ''))))"
)
# No later than today anywhere on Earth (UTC+14): a caregiver's own today is always allowed.
NOT_IN_FUTURE = (
    "ALTER TABLE directory_trainingcompletion ADD CONSTRAINT completion_not_in_future "
    "CHECK (completed_on <= (now() AT TIME ZONE 'Pacific/Kiritimati')::date)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_INDEX)
        schema_editor.execute(NOT_IN_FUTURE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS listing_search_idx")
        schema_editor.execute(
            "ALTER TABLE directory_trainingcompletion DROP CONSTRAINT IF EXISTS completion_not_in_future"
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
