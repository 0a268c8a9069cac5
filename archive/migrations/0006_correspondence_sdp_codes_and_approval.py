from django.db import migrations

from archive.correspondence.sdp_codes import STANDARD_CODES, load_codes


def forwards(apps, schema_editor):
    load_codes(apps.get_model("archive", "SdpCode"), STANDARD_CODES)
    # Outgoing letters go through the "Müdür onayı" workflow (DESIGN.md, Roles); the
    # approval gives the Sayı.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name="Müdür onayı").first()
    if workflow is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="archive", model="correspondence")
    WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "WorkflowContentType").objects.filter(
        content_type__app_label="archive", content_type__model="correspondence"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_correspondence_register"),
        ("cms", "0003_kalem_roles_replace_wagtail_defaults"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
