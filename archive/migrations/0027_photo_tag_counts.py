"""How many photos carry each tag, kept in a small table on PostgreSQL (bench/scale.py,
100,000 photos; issue 20, target 4).

Wagtail's image listing and chooser show the ten most used photo tags
(`wagtail.admin.models.popular_tags_for_model`), counted on every view over taggit's
whole table: 300,000 rows at 100,000 photos, 50–180 ms, the heaviest query of both
screens. Here `archive_photo_tag_count` keeps each tag's number of photo taggings,
changed by statement triggers on taggit's table in the transaction that tags or untags
(one grouped update per statement, so a bulk insert of 300,000 tags is one update per
tag, not one per row), and `archive.photos.admin_search.popular_tags` reads the ten
largest from it. It counts what Wagtail's query counts (photo rows of
taggit_taggeditem, per tag), whatever writes them: the ORM, a bulk insert, raw SQL. A
tag with no photo left loses its row; a deleted tag's rows are gone with its taggings,
and the read joins `taggit_tag`. SQLite counts as Wagtail does: nothing is done there.
Not a model: only admin_search, on PostgreSQL, reads it.
"""

from django.db import migrations

from cms.migration_operations import postgresql_only

# One function for the three events: the rows a statement changed (its transition
# tables) become one +/- count per tag, written in tag order so that two writers lock
# the rows in the same order.
FUNCTION = """
CREATE OR REPLACE FUNCTION archive_photo_tag_count_change() RETURNS trigger AS $$
DECLARE
    photo_type integer;
BEGIN
    SELECT id INTO photo_type FROM django_content_type
        WHERE app_label = 'archive' AND model = 'photo';
    IF TG_OP = 'INSERT' THEN
        INSERT INTO archive_photo_tag_count AS kept (tag_id, photos)
            SELECT tag_id, SUM(n) FROM (
                SELECT tag_id, 1 AS n FROM new_rows WHERE content_type_id = photo_type
            ) changed
            GROUP BY tag_id HAVING SUM(n) <> 0 ORDER BY tag_id
            ON CONFLICT (tag_id) DO UPDATE SET photos = kept.photos + EXCLUDED.photos;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO archive_photo_tag_count AS kept (tag_id, photos)
            SELECT tag_id, SUM(n) FROM (
                SELECT tag_id, -1 AS n FROM old_rows WHERE content_type_id = photo_type
            ) changed
            GROUP BY tag_id HAVING SUM(n) <> 0 ORDER BY tag_id
            ON CONFLICT (tag_id) DO UPDATE SET photos = kept.photos + EXCLUDED.photos;
    ELSE
        INSERT INTO archive_photo_tag_count AS kept (tag_id, photos)
            SELECT tag_id, SUM(n) FROM (
                SELECT tag_id, 1 AS n FROM new_rows WHERE content_type_id = photo_type
                UNION ALL SELECT tag_id, -1 AS n FROM old_rows WHERE content_type_id = photo_type
            ) changed
            GROUP BY tag_id HAVING SUM(n) <> 0 ORDER BY tag_id
            ON CONFLICT (tag_id) DO UPDATE SET photos = kept.photos + EXCLUDED.photos;
    END IF;
    DELETE FROM archive_photo_tag_count WHERE photos <= 0;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

FORWARDS = [
    "CREATE TABLE IF NOT EXISTS archive_photo_tag_count ("
    "tag_id integer PRIMARY KEY, photos integer NOT NULL)",
    FUNCTION,
    """
    CREATE OR REPLACE FUNCTION archive_photo_tag_count_truncate() RETURNS trigger AS $$
    BEGIN
        DELETE FROM archive_photo_tag_count;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_insert ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_update ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_delete ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_truncate ON taggit_taggeditem",
    "CREATE TRIGGER archive_photo_tag_count_insert AFTER INSERT ON taggit_taggeditem "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_photo_tag_count_change()",
    "CREATE TRIGGER archive_photo_tag_count_update AFTER UPDATE ON taggit_taggeditem "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_photo_tag_count_change()",
    "CREATE TRIGGER archive_photo_tag_count_delete AFTER DELETE ON taggit_taggeditem "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_photo_tag_count_change()",
    "CREATE TRIGGER archive_photo_tag_count_truncate AFTER TRUNCATE ON taggit_taggeditem "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_photo_tag_count_truncate()",
    # The taggings made before this migration.
    """
    INSERT INTO archive_photo_tag_count (tag_id, photos)
        SELECT i.tag_id, COUNT(*)
        FROM taggit_taggeditem i JOIN django_content_type t ON t.id = i.content_type_id
        WHERE t.app_label = 'archive' AND t.model = 'photo'
        GROUP BY i.tag_id
        ON CONFLICT (tag_id) DO UPDATE SET photos = EXCLUDED.photos
    """,
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_insert ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_update ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_delete ON taggit_taggeditem",
    "DROP TRIGGER IF EXISTS archive_photo_tag_count_truncate ON taggit_taggeditem",
    "DROP FUNCTION IF EXISTS archive_photo_tag_count_change()",
    "DROP FUNCTION IF EXISTS archive_photo_tag_count_truncate()",
    "DROP TABLE IF EXISTS archive_photo_tag_count",
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0026_photo_tag_ids"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [postgresql_only(FORWARDS, BACKWARDS)]
