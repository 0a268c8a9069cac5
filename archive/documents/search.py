"""Full-text search of archived documents: titles, keywords and the text extracted from
their files.

On PostgreSQL one `turkish` text-search expression with a GIN index of its own (migration
0007): Wagtail's database backend matches `title || body` of its index table, which no
index serves, so every search read the whole index (370 ms at 5,000 documents, growing
with the archive). Elsewhere (SQLite in development and tests) every word must appear in
the title, the keywords or the text.
"""

from django.db import connection
from django.db.models import Q

TABLE = "archive_archiveddocument"
# The indexed expression; a query must spell it the same way for the index to serve it.
VECTOR = (
    "to_tsvector('turkish'::regconfig, coalesce({t}.title, '') || ' ' || "
    "coalesce({t}.keywords, '') || ' ' || coalesce({t}.text, ''))"
)
INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS archive_doc_fulltext_idx ON {TABLE} "
    f"USING gin ({VECTOR.format(t=TABLE)})"
)


def search(queryset, query):
    """`queryset` narrowed to the documents matching every word of `query`."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        vector = VECTOR.format(t=f'"{TABLE}"')
        # Only constant SQL is formatted in; the user's words travel as a parameter. A
        # Django expression would not spell the indexed expression the same way.
        return queryset.extra(  # noqa: S610
            where=[f"{vector} @@ websearch_to_tsquery('turkish'::regconfig, %s)"], params=[query]
        )
    condition = Q()
    for word in query.split():
        condition &= (
            Q(title__icontains=word) | Q(keywords__icontains=word) | Q(text__icontains=word)
        )
    return queryset.filter(condition)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS archive_doc_fulltext_idx")
