"""Each photo's search vectors on its own row, on PostgreSQL (bench/scale.py, 100,000
photos; issue 20, target 4).

Wagtail's database backend keeps a photo's vectors in `wagtailsearch_indexentry`, a wide
table (about 1.9 KB a row: vectors and plain texts for every indexed model) joined to the
photos on `id::text = object_id`. A common word ("konser": one photo in four) made every
archive and admin search read most of that table (24,000 pages, more than the shared
buffers) before the photos were even filtered.

Here the entry's own vectors are copied, by a trigger on that table, onto the photo:
`search_document` = `title || body` (what `search()` matches) and `search_autocomplete`
= `autocomplete` (what the admin listing and chooser match and rank), each with a GIN
index. They are the index's vectors, not a second reading of the photo's fields, so a
search on them finds exactly what Wagtail's would; the trigger fires only when an entry's
vectors change (Wagtail rewrites `title_norm` on every batch). `archive.photos.search`
and `archive.photos.admin_search` read them; SQLite keeps Wagtail's own search and
nothing is done there. The columns are not model fields: only those two modules, on
PostgreSQL, know of them.
"""

from django.db import migrations

from cms.migration_operations import postgresql_only

FUNCTION = """
CREATE OR REPLACE FUNCTION archive_photo_copy_search_vectors() RETURNS trigger AS $$
DECLARE
    photo_type integer;
BEGIN
    SELECT id INTO photo_type FROM django_content_type
        WHERE app_label = 'archive' AND model = 'photo';
    IF TG_OP = 'DELETE' THEN
        IF OLD.content_type_id = photo_type THEN
            UPDATE archive_photo SET search_document = NULL, search_autocomplete = NULL
                WHERE id = OLD.object_id::bigint;
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.content_type_id = photo_type THEN
        UPDATE archive_photo
            SET search_document = NEW.title || NEW.body, search_autocomplete = NEW.autocomplete
            WHERE id = NEW.object_id::bigint;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

FORWARDS = [
    "ALTER TABLE archive_photo ADD COLUMN IF NOT EXISTS search_document tsvector",
    "ALTER TABLE archive_photo ADD COLUMN IF NOT EXISTS search_autocomplete tsvector",
    FUNCTION,
    "DROP TRIGGER IF EXISTS archive_photo_search_insert ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS archive_photo_search_update ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS archive_photo_search_delete ON wagtailsearch_indexentry",
    "CREATE TRIGGER archive_photo_search_insert AFTER INSERT ON wagtailsearch_indexentry "
    "FOR EACH ROW EXECUTE FUNCTION archive_photo_copy_search_vectors()",
    "CREATE TRIGGER archive_photo_search_update AFTER UPDATE OF title, body, autocomplete "
    "ON wagtailsearch_indexentry FOR EACH ROW WHEN ("
    "OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body "
    "OR OLD.autocomplete IS DISTINCT FROM NEW.autocomplete) "
    "EXECUTE FUNCTION archive_photo_copy_search_vectors()",
    "CREATE TRIGGER archive_photo_search_delete AFTER DELETE ON wagtailsearch_indexentry "
    "FOR EACH ROW EXECUTE FUNCTION archive_photo_copy_search_vectors()",
    # The entries indexed before this migration.
    """
    UPDATE archive_photo p
        SET search_document = e.title || e.body, search_autocomplete = e.autocomplete
        FROM wagtailsearch_indexentry e JOIN django_content_type t ON t.id = e.content_type_id
        WHERE t.app_label = 'archive' AND t.model = 'photo' AND e.object_id = p.id::text
    """,
    "CREATE INDEX IF NOT EXISTS archive_photo_search_document_gin "
    "ON archive_photo USING gin (search_document)",
    "CREATE INDEX IF NOT EXISTS archive_photo_search_autocomplete_gin "
    "ON archive_photo USING gin (search_autocomplete)",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS archive_photo_search_insert ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS archive_photo_search_update ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS archive_photo_search_delete ON wagtailsearch_indexentry",
    "DROP FUNCTION IF EXISTS archive_photo_copy_search_vectors()",
    "ALTER TABLE archive_photo DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE archive_photo DROP COLUMN IF EXISTS search_autocomplete",
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0024_eyp_package_signature"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [postgresql_only(FORWARDS, BACKWARDS)]
