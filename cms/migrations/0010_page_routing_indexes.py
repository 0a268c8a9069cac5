"""Indexes for cms.routing's one page query (bench/scale.py: 21,000 pages; issue 20).

Every public page is routed by one query: the pages whose `url_path` is a prefix of the
requested path, the site roots' translations, and the tree's root (`depth = 1`). Wagtail
indexes neither `url_path` nor `depth`, so the `OR` read the whole page table on every
request (7 ms at 21,000 pages, growing with them). With these two, PostgreSQL answers each
branch from an index (0.1 ms). Plain SQL both engines accept; SQLite uses them too.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_turkish_names_for_the_roots"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "CREATE INDEX IF NOT EXISTS cms_page_url_path_idx ON wagtailcore_page (url_path)",
                "CREATE INDEX IF NOT EXISTS cms_page_root_idx ON wagtailcore_page (depth) "
                "WHERE depth = 1",
            ],
            [
                "DROP INDEX IF EXISTS cms_page_url_path_idx",
                "DROP INDEX IF EXISTS cms_page_root_idx",
            ],
            elidable=False,
        )
    ]
