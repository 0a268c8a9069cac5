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


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"Unknown permission {dotted!r} in a role grant.") from None


@transaction.atomic
def apply_grants(grants, *, dry_run=False):
    """Create the groups and add every granted permission; returns how many were added.

    Nothing is removed, so running it again (or after an operator added permissions by
    hand) changes nothing.
    """
    added = 0
    root_collection = Collection.get_first_root_node()
    root_page = Page.get_first_root_node()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for grant in grants:
        group = groups.get(grant.role) or Group.objects.get_or_create(name=grant.role)[0]
        for dotted in grant.permissions:
            permission = _permission(dotted)
            if not group.permissions.filter(pk=permission.pk).exists():
                group.permissions.add(permission)
                added += 1
        for codename in grant.page_permissions:
            _, created = GroupPagePermission.objects.get_or_create(
                group=group,
                page=grant.page or root_page,
                permission=_permission(f"wagtailcore.{codename}"),
            )
            added += created
        for dotted in grant.collection_permissions:
            _, created = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(dotted)
            )
            added += created
    if dry_run:
        transaction.set_rollback(True)
    return added
