"""The page tree's and the collections' roots named in Turkish.

Wagtail's migrations name both "Root", and staff saw it: as the first crumb of every
page's breadcrumbs ("Root > Anasayfa > ..."), as the explorer's title ("Root"), at the
top of the page chooser and in the group form's collection lists. The root page holds
the sites, so it is called what the menu calls the page tree, "Sayfalar"; the root
collection holds every collection, and a permission on it reaches them all. A root that
someone has already renamed is left alone.
"""

from django.db import migrations

ROOT_PAGE = ("Root", "Sayfalar")
ROOT_COLLECTION = ("Root", "Tüm koleksiyonlar")


def rename(apps, page_names, collection_names):
    (page_from, page_to), (collection_from, collection_to) = page_names, collection_names
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=page_from).update(
        title=page_to, draft_title=page_to
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(
        depth=1, name=collection_from
    ).update(name=collection_to)


def forwards(apps, schema_editor):
    rename(apps, ROOT_PAGE, ROOT_COLLECTION)


def backwards(apps, schema_editor):
    rename(apps, ROOT_PAGE[::-1], ROOT_COLLECTION[::-1])


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_search_title_body_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
