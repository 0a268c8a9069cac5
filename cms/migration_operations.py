"""Operations shared by Kalem's migrations."""

from django.db import migrations


def postgresql_only(forwards, backwards):
    """Run the SQL statements `forwards` (undone by `backwards`) on PostgreSQL only: the
    triggers, columns and indexes that speed up PostgreSQL's searches. SQLite, which runs
    the test suite and small installations, keeps Wagtail's own search and needs none."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forwards), run(backwards), elidable=False)
