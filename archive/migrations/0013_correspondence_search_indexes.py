"""Indexes for the register's admin list on PostgreSQL (bench/register.py, 100,000 records).

- The list's search is Django's `icontains` over five fields, `UPPER(field::text) LIKE
  UPPER('%…%')`: trigram GIN indexes on those expressions let PostgreSQL answer it from
  the indexes instead of reading every row.
- Every listing is filtered by the reader's clearance (cms.confidentiality.visible_to):
  an index on the three columns it reads lets the page count run from the index.

SQLite has neither trigram indexes nor the need: nothing is done there. pg_trgm is a
trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

SEARCHED = ["subject", "number", "register_number", "sender_number", "party_name"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS archive_corr_{field}_trgm ON archive_correspondence "
            f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS archive_corr_visible_idx ON archive_correspondence "
        "(confidentiality, personal, personal_to_id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS archive_corr_{field}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS archive_corr_visible_idx")


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_correspondence_letter_revision")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
