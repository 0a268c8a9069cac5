import uuid

from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's "Welcome" page by Kalem's home page, and add English as the
    second content language."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    if HomePage.objects.exists():
        return
    turkish, _ = Locale.objects.get_or_create(language_code="tr")
    Locale.objects.get_or_create(language_code="en")
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    home = HomePage.objects.create(
        title="Anasayfa",
        draft_title="Anasayfa",
        slug="anasayfa",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/anasayfa/",
        locale=turkish,
        translation_key=uuid.uuid4(),
        live=True,
    )
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Kalem")


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="anasayfa", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
