"""An index for the main menu's query (bench/scale.py: 21,000 pages; issue 20).

Every public page lists the home page's children shown in menus (`depth = 3`,
`show_in_menus`, `live`, a `path` range): no index of Wagtail's or ours served it, so the
query read the whole page table (5 ms at 21,000 pages, growing with them, on every public
page). The pages shown in menus are a handful: a partial index on them answers from a few
entries. Plain SQL both engines accept; SQLite uses it too.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cms", "0010_page_routing_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS cms_page_menu_idx ON wagtailcore_page (path) "
            "WHERE show_in_menus",
            "DROP INDEX IF EXISTS cms_page_menu_idx",
            elidable=False,
        )
    ]
