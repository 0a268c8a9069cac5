"""A GIN index on `title || body` of the search backend's entries, on PostgreSQL
(bench/scale.py: 100,000 photos, 20,000 press releases).

Wagtail's database backend searches `(title || body) @@ query` (modelsearch's
PostgresSearchQueryCompiler.get_index_vectors), and its models say a GIN index on that
expression is made "in a SQL migration", but no migration makes it: every archive, admin
and site search read the whole entry table (58 ms of a 113 ms archive query at 24,000
entries, growing with them). With the index on the same expression the planner finds
the matching entries by bitmap. SQLite's backend searches its FTS table: nothing here.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS wagtailsearch_indexentry_title_body_gin "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS wagtailsearch_indexentry_title_body_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_handover"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
