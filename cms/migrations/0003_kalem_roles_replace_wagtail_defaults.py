from django.db import migrations

# Wagtail creates "Editors" and "Moderators" groups and a "Moderators approval" workflow.
# In Kalem those are the press staff and the head of office, so they are renamed rather
# than duplicated: the default approval workflow then asks the Müdür, as DESIGN.md says.
RENAMES = {"Editors": "Basın ve Sosyal Medya", "Moderators": "Müdür"}


def rename(apps, schema_editor, renames, workflow_name, task_name):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    for old, new in renames.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    Workflow.objects.filter(name__in=["Moderators approval", "Müdür onayı"]).update(name=workflow_name)
    Task.objects.filter(name__in=["Moderators approval", "Müdür onayı"]).update(name=task_name)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, RENAMES, "Müdür onayı", "Müdür onayı")
    # The roles start with no permission: `setup_roles` grants each what DESIGN.md gives
    # it. Wagtail's own data migrations grant "Editors" and "Moderators" the admin and
    # every image and document right (editing every photo, for press staff); they run
    # before this one (archive 0001's dependencies), so what they granted is taken back.
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    for group in Group.objects.filter(name__in=RENAMES.values()):
        group.permissions.clear()
        GroupCollectionPermission.objects.filter(group=group).delete()


def backwards(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMES.items()}, "Moderators approval", "Moderators approval")


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_create_homepage"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
