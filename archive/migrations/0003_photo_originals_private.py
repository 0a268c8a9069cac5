import wagtail.images.models
from django.db import migrations

import cms.storage


def move_originals_to_private_storage(apps, schema_editor):
    """Originals uploaded before this migration sit under MEDIA_ROOT, which is public:
    each is copied under the same name into private storage, then removed from media."""
    from django.core.files.storage import default_storage

    private = cms.storage.private_storage()
    Photo = apps.get_model("archive", "Photo")
    for name in Photo.objects.exclude(file="").values_list("file", flat=True).iterator():
        if private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name) as original:
            saved = private.save(name, original)
        if saved != name:
            Photo.objects.filter(file=name).update(file=saved)
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_photo_archive"),
    ]

    operations = [
        migrations.AlterField(
            model_name="photo",
            name="file",
            field=wagtail.images.models.WagtailImageField(
                height_field="height",
                storage=cms.storage.private_storage,
                upload_to=wagtail.images.models.get_upload_to,
                verbose_name="file",
                width_field="width",
            ),
        ),
        migrations.RunPython(move_originals_to_private_storage, migrations.RunPython.noop),
    ]
