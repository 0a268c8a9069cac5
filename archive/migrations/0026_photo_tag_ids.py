"""Each photo's tag ids on its own row, on PostgreSQL (bench/scale.py, 100,000 photos;
issue 20, target 4).

The archive counts the tags of the photos a search finds (archive.photos.search). Through
taggit's table that read all of it (300,000 rows at 100,000 photos, three tags each) for
every search, whichever photos matched. A trigger on that table keeps `tag_ids` (the
photo's tag ids, sorted) on the photo's row, so the count reads the rows the search has
already selected. SQLite keeps counting through taggit: nothing is done there. The column
is not a model field: only archive.photos.search, on PostgreSQL, reads it.
"""

from django.db import migrations

from cms.migration_operations import postgresql_only

FUNCTION = """
CREATE OR REPLACE FUNCTION archive_photo_copy_tag_ids() RETURNS trigger AS $$
DECLARE
    photo_type integer;
    item record;
BEGIN
    SELECT id INTO photo_type FROM django_content_type
        WHERE app_label = 'archive' AND model = 'photo';
    FOR item IN
        SELECT OLD.content_type_id AS content_type_id, OLD.object_id AS object_id
            WHERE TG_OP IN ('UPDATE', 'DELETE')
        UNION SELECT NEW.content_type_id, NEW.object_id WHERE TG_OP IN ('INSERT', 'UPDATE')
    LOOP
        IF item.content_type_id = photo_type THEN
            UPDATE archive_photo SET tag_ids = ARRAY(
                SELECT tag_id FROM taggit_taggeditem
                    WHERE content_type_id = photo_type AND object_id = item.object_id
                    ORDER BY tag_id
            ) WHERE id = item.object_id;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

FORWARDS = [
    "ALTER TABLE archive_photo ADD COLUMN IF NOT EXISTS tag_ids integer[] NOT NULL DEFAULT '{}'",
    FUNCTION,
    "DROP TRIGGER IF EXISTS archive_photo_tag_ids ON taggit_taggeditem",
    "CREATE TRIGGER archive_photo_tag_ids AFTER INSERT OR UPDATE OR DELETE ON taggit_taggeditem "
    "FOR EACH ROW EXECUTE FUNCTION archive_photo_copy_tag_ids()",
    """
    UPDATE archive_photo p SET tag_ids = tagged.ids
        FROM (
            SELECT i.object_id, array_agg(i.tag_id ORDER BY i.tag_id) AS ids
            FROM taggit_taggeditem i JOIN django_content_type t ON t.id = i.content_type_id
            WHERE t.app_label = 'archive' AND t.model = 'photo'
            GROUP BY i.object_id
        ) tagged
        WHERE tagged.object_id = p.id
    """,
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS archive_photo_tag_ids ON taggit_taggeditem",
    "DROP FUNCTION IF EXISTS archive_photo_copy_tag_ids()",
    "ALTER TABLE archive_photo DROP COLUMN IF EXISTS tag_ids",
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0025_photo_search_columns"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [postgresql_only(FORWARDS, BACKWARDS)]
