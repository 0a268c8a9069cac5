"""An index for the search backend's join from its entries to photos on PostgreSQL
(bench/scale.py, 100,000 photos).

Wagtail's database search backend keeps object ids as text and joins
`archive_photo.id::varchar(50)::text = wagtailsearch_indexentry.object_id`; the cast
hides the primary key from the planner, so every admin image search and chooser search
read the whole photo table (107 ms of a 153 ms query at 100,000 photos). An index on the
same expression lets each matching entry find its photo by index (74 ms, the rest is
the ranking). SQLite's backend joins differently: nothing is done there.
"""

from django.db import migrations

EXPRESSION = "(((id)::character varying(50))::text)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS archive_photo_id_text_idx ON archive_photo ({EXPRESSION})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS archive_photo_id_text_idx")


class Migration(migrations.Migration):
    dependencies = [("archive", "0019_weekly_compiled_report")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
