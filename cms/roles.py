"""Staff roles (DESIGN.md "Roles") and the one registry through which apps grant them
permissions.

Each app adds what its role needs in its own `wagtail_hooks.py`:

    @hooks.register(ROLE_GRANTS_HOOK)
    def grants():
        return [RoleGrant(PRESS, permissions=["press.add_pressclipping"])]

and `manage.py setup_roles` applies every grant, idempotently.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

PRESS = "Basın ve Sosyal Medya"
PHOTO_ARCHIVE = "Fotoğraf Arşivi"
CLERK = "Evrak"
HEAD = "Müdür"
# A directorate's own staff who submit its weekly report (archive.weekly); which
# directorates each may report for is set on the directorate.
DIRECTORATE_REPORTER = "Müdürlük Raporcusu"
# Archived documents (archive/documents): the archivist files, keeps retention rules and
# proposes disposal and transfer lists; the disposal commission (ayıklama ve imha
# komisyonu, DAHY md. 19) signs disposal lists. A member may hold another role as well.
ARCHIVIST = "Arşiv"
DISPOSAL_COMMISSION = "İmha Komisyonu"
ROLES = (PRESS, PHOTO_ARCHIVE, CLERK, HEAD, DIRECTORATE_REPORTER, ARCHIVIST, DISPOSAL_COMMISSION)

ROLE_GRANTS_HOOK = "kalem_role_grants"


@dataclass(frozen=True)
class RoleGrant:
    """Permissions for one role.

    `permissions` are model permissions ("app_label.codename"); `page_permissions` are
    Wagtail page permission codenames ("publish_page") granted on `page` (default: the
    tree root, i.e. every site and locale); `collection_permissions` are
    "app_label.codename" granted on the root collection.
    """

    role: str
    permissions: list[str] = field(default_factory=list)
    page_permissions: list[str] = field(default_factory=list)
    page: Page | None = None
    collection_permissions: list[str] = field(default_factory=list)


def registered_grants():
    for grants in hooks.get_hooks(ROLE_GRANTS_HOOK):
        yield from grants()


def _permissions(dotted_names):
    """Permission objects by "app_label.codename", read in one query."""
    wanted = {tuple(dotted.split(".", 1)) for dotted in dotted_names}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = sorted(".".join(key) for key in wanted - found.keys())
    if missing:
        raise LookupError(f"Unknown permission {missing[0]!r} in a role grant.")
    return {".".join(key): permission for key, permission in found.items()}


@transaction.atomic
def apply_grants(grants, *, dry_run=False):
    """Create the groups and add every granted permission; returns how many were added.

    Nothing is removed, so running it again (or after an operator added permissions by
    hand) changes nothing. It reads and writes in a fixed number of queries per role and
    page, however many permissions are granted (`setup_roles`, the demo and every test
    that logs in as a role run it).
    """
    grants = list(grants)
    root_collection = Collection.get_first_root_node()
    root_page = Page.get_first_root_node()
    names = {*ROLES, *(grant.role for grant in grants)}
    groups = {group.name: group for group in Group.objects.filter(name__in=names)}
    for name in names - groups.keys():
        groups[name] = Group.objects.create(name=name)
    permissions = _permissions(
        [dotted for grant in grants for dotted in grant.permissions + grant.collection_permissions]
        + [f"wagtailcore.{codename}" for grant in grants for codename in grant.page_permissions]
    )

    model_wanted, page_wanted, collection_wanted = set(), set(), set()
    for grant in grants:
        group = groups[grant.role]
        model_wanted |= {(group.pk, permissions[dotted].pk) for dotted in grant.permissions}
        page = grant.page or root_page
        page_wanted |= {
            (group.pk, page.pk, permissions[f"wagtailcore.{codename}"].pk)
            for codename in grant.page_permissions
        }
        collection_wanted |= {
            (group.pk, root_collection.pk, permissions[dotted].pk)
            for dotted in grant.collection_permissions
        }

    group_ids = [group.pk for group in groups.values()]
    through = Group.permissions.through
    model_new = model_wanted - set(
        through.objects.filter(group_id__in=group_ids).values_list("group_id", "permission_id")
    )
    through.objects.bulk_create(
        [through(group_id=g, permission_id=p) for g, p in sorted(model_new)]
    )
    page_new = page_wanted - set(
        GroupPagePermission.objects.filter(group_id__in=group_ids).values_list(
            "group_id", "page_id", "permission_id"
        )
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group_id=g, page_id=pg, permission_id=p)
            for g, pg, p in sorted(page_new)
        ]
    )
    collection_new = collection_wanted - set(
        GroupCollectionPermission.objects.filter(group_id__in=group_ids).values_list(
            "group_id", "collection_id", "permission_id"
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group_id=g, collection_id=c, permission_id=p)
            for g, c, p in sorted(collection_new)
        ]
    )
    if dry_run:
        transaction.set_rollback(True)
    return len(model_new) + len(page_new) + len(collection_new)
