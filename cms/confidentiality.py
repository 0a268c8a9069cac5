"""Confidentiality in one place (DESIGN.md "Confidentiality").

A record carries a level (the three levels of the 2022 regulation on classified
information above Tasnif Dışı) and may carry the "Kişiye Özel" handling mark, which is
not a level: it limits an already cleared reader to the addressee and the Müdür.

A user's clearance: superusers and the Müdür see up to Çok Gizli; an Evrak clerk or an
archivist up to the level set for them in the admin (Settings → Clearances); everyone
else Tasnif Dışı.

Everything that shows a confidential record asks this module:

* `visible_to(queryset, user)` / `ConfidentialQuerySet.visible_to(user)`: lists, search,
  exports, choosers, history;
* `can_view(user, obj)`: one record (edit, compare, revert, files, any API);
* `ConfidentialViewSetMixin`: put before `SnippetViewSet` and every view of the snippet
  (list, search, export, edit, history, compare, revert, delete, usage, workflow,
  chooser) narrows itself; a record above the user's clearance answers 404, so its
  existence is not revealed either;
* `log_access(user, records, access)`: the one rule of what is written to an access log
  (every view of a Gizli or Çok Gizli record: its rows in a list, search results or a
  chooser, an export, its edit, history and revision screens, its card and files). The
  viewset mixin and cms.history call it themselves; each app registers where its
  model's log is written (`register_access_log`).

A confidential model therefore writes its fields (subclass `Confidential`), uses a
`ConfidentialQuerySet`, and adds the mixin to its viewset: no checks of its own.
"""

from functools import cache, wraps

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseForbidden
from django.utils.translation import gettext_lazy as _

from .roles import ARCHIVIST, CLERK, HEAD


class Level(models.IntegerChoices):
    """Ordered, so "up to the clearance" is one `<=` (and one index range)."""

    UNCLASSIFIED = 0, _("Unclassified (Tasnif Dışı)")
    RESTRICTED = 1, _("Restricted (Hizmete Özel)")
    SECRET = 2, _("Secret (Gizli)")
    TOP_SECRET = 3, _("Top secret (Çok Gizli)")


# e-Yazışma Ustveri GuvenlikKodu for each level (Teknik Rehber 2.x; OZL was dropped in 2.1,
# Kişiye Özel travels as a handling mark).
GUVENLIK_KODU = {
    Level.UNCLASSIFIED: "YOK",
    Level.RESTRICTED: "HZO",
    Level.SECRET: "GZL",
    Level.TOP_SECRET: "CGZ",
}

# Views of records at these levels are written to the access log (see `log_access`):
# the 2022 regulation asks a record of who saw Gizli and Çok Gizli information.
LOGGED_LEVELS = (Level.SECRET, Level.TOP_SECRET)


class Access(models.TextChoices):
    """What a user was shown of a record, as the access logs name it."""

    CARD = "kart", _("card viewed")
    DOWNLOAD = "indirme", _("file downloaded")
    COMPARE = "karsilastirma", _("versions compared")
    LIST = "liste", _("shown in a list")
    SEARCH = "arama", _("shown in search results")
    CHOOSER = "secici", _("shown in a chooser")
    EXPORT = "disa-aktarim", _("exported")
    EDIT = "duzenleme", _("edit screen opened")
    HISTORY = "gecmis", _("history viewed")
    REVISION = "surum", _("earlier revision viewed")
    OTHER = "diger", _("other screen viewed")


# Wagtail's own record screens (their URL names) and what each shows.
_SCREEN_ACCESS = {
    "edit": Access.EDIT,
    "history": Access.HISTORY,
    "history_results": Access.HISTORY,
    "workflow_history": Access.HISTORY,
    "workflow_history_detail": Access.HISTORY,
    "revisions_compare": Access.COMPARE,
    "revisions_revert": Access.REVISION,
    "revisions_view": Access.REVISION,
    "inspect": Access.CARD,
}

# model -> writer(user, records, access); filled by each app's ready()/hooks.
_access_log_writers = {}


def register_access_log(model, writer):
    """`writer(user, records, access, **details)` stores the views of `records` (all of
    `model`, all at a logged level) in the model's access log."""
    _access_log_writers[model] = writer


def must_log(record):
    """The one rule: a view of this record goes to the access log."""
    return record.confidentiality in LOGGED_LEVELS


def log_access(user, records, access, **details):
    """Write the views of those of `records` (a record, a list or a queryset of one
    model) that `must_log` picks. A model with no registered log writes nothing."""
    if isinstance(records, models.Model):
        records = [records]
    if isinstance(records, models.QuerySet):
        writer = _access_log_writers.get(records.model)
        if writer is None:
            return
        # An export may hold the whole register: only the logged rows are loaded.
        logged = list(records.filter(confidentiality__in=LOGGED_LEVELS))
    else:
        logged = [record for record in records if must_log(record)]
        if not logged:
            return
        writer = _access_log_writers.get(type(logged[0]))
        if writer is None:
            return
    if logged:
        writer(user, logged, Access(access), **details)


def _in_group(user, name):
    cache = user.__dict__.setdefault("_kalem_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user.__dict__["_kalem_groups"] = cache
    return name in cache


def is_head(user):
    """The Müdür (or a superuser): sees every level and every Kişiye Özel record."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _in_group(user, HEAD)


def clearance_of(user):
    """The highest level `user` may see."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_head(user):
        return Level.TOP_SECRET
    if _in_group(user, CLERK) or _in_group(user, ARCHIVIST):
        from .models import Clearance

        level = Clearance.objects.filter(user=user).values_list("level", flat=True).first()
        return Level(level) if level is not None else Level.UNCLASSIFIED
    return Level.UNCLASSIFIED


class Confidential(models.Model):
    """The fields of a confidential record. The addressee of a Kişiye Özel record is a
    user; other records leave it empty."""

    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Level.choices, default=Level.UNCLASSIFIED, db_index=True
    )
    personal = models.BooleanField(
        _("personal (Kişiye Özel)"),
        default=False,
        help_text=_("Only the addressee and the Müdür may open it."),
    )
    personal_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal addressee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def guvenlik_kodu(self):
        return GUVENLIK_KODU[Level(self.confidentiality)]

    @property
    def is_logged_level(self):
        return must_log(self)


def visibility_filter(user):
    """The Q object selecting what `user` may see, or None for "nothing"."""
    clearance = clearance_of(user)
    if clearance is None:
        return None
    condition = Q(confidentiality__lte=clearance)
    if not is_head(user):
        condition &= Q(personal=False) | Q(personal_to=user)
    return condition


def visible_to(queryset, user):
    """`queryset` narrowed to the records `user` may see."""
    condition = visibility_filter(user)
    if condition is None:
        return queryset.none()
    if is_head(user) and clearance_of(user) == max(Level):
        return queryset
    return queryset.filter(condition)


class ConfidentialQuerySet(models.QuerySet):
    def visible_to(self, user):
        return visible_to(self, user)


def can_view(user, obj):
    """Whether `user` may see `obj` (the same rule as `visible_to`, on one record)."""
    clearance = clearance_of(user)
    if clearance is None or obj.confidentiality > clearance:
        return False
    if obj.personal and not is_head(user):
        return obj.personal_to_id == user.pk
    return True


def is_confidential_model(model):
    return isinstance(model, type) and issubclass(model, Confidential)


def visible_pk_or_404(model, user, pk):
    try:
        pk = model._meta.pk.to_python(pk)
    except ValidationError:
        raise Http404 from None  # "abc" names no record
    if not visible_to(model._default_manager.filter(pk=pk), user).exists():
        raise Http404


def guard_view(view, model):
    """Wrap an admin view function: a record (the `pk` URL argument) above the user's
    clearance is not found."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            visible_pk_or_404(model, request.user, unquote(str(pk)))
        return view(request, *args, **kwargs)

    return guarded


class _VisibleObjectListMixin:
    def get_object_list(self):
        return visible_to(super().get_object_list(), self.request.user)

    def get_results_page(self, request):
        page = super().get_results_page(request)
        log_access(request.user, list(page.object_list), Access.CHOOSER)
        return page


class _VisibleChosenMixin:
    def get_object(self, pk):
        visible_pk_or_404(self.model_class, self.request.user, unquote(str(pk)))
        return super().get_object(pk)


class _VisibleChosenMultipleMixin:
    def get_objects(self, pks):
        return visible_to(super().get_objects(pks), self.request.user)


class _VisibleIndexMixin:
    """List, search and CSV/XLSX export share this queryset; the rows each shows are
    logged."""

    def get_base_queryset(self):
        return visible_to(super().get_base_queryset(), self.request.user)

    def render_to_response(self, context, **response_kwargs):
        rows = context["object_list"]
        if self.is_export:
            access = Access.EXPORT
        else:
            access = Access.SEARCH if self.is_searching else Access.LIST
            rows = list(rows)  # the page shown, already read for the table
        log_access(self.request.user, rows, access)
        return super().render_to_response(context, **response_kwargs)


# The view classes are built on first use: this module is imported by cms.models, before
# Wagtail's admin views may be imported.
@cache
def confidential_index_view_class():
    from wagtail.snippets.views.snippets import IndexView

    return type("ConfidentialIndexView", (_VisibleIndexMixin, IndexView), {})


@cache
def confidential_chooser_viewset_class():
    from wagtail.snippets.views import chooser

    return type(
        "ConfidentialChooserViewSet",
        (chooser.SnippetChooserViewSet,),
        {
            "choose_view_class": type(
                "ConfidentialChooseView", (_VisibleObjectListMixin, chooser.ChooseView), {}
            ),
            "choose_results_view_class": type(
                "ConfidentialChooseResultsView",
                (_VisibleObjectListMixin, chooser.ChooseResultsView),
                {},
            ),
            "chosen_view_class": type(
                "ConfidentialChosenView", (_VisibleChosenMixin, chooser.SnippetChosenView), {}
            ),
            "chosen_multiple_view_class": type(
                "ConfidentialChosenMultipleView",
                (_VisibleChosenMultipleMixin, chooser.SnippetChosenMultipleView),
                {},
            ),
        },
    )


class ConfidentialViewSetMixin:
    """Put before `SnippetViewSet`. A custom `index_view_class` must mix in
    `_VisibleIndexMixin` (use `confidential_index_view_class()` as its base)."""

    @property
    def index_view_class(self):
        return confidential_index_view_class()

    @property
    def chooser_viewset_class(self):
        return confidential_chooser_viewset_class()

    def construct_view(self, view_class, **kwargs):
        view = guard_view(super().construct_view(view_class, **kwargs), self.model)
        return logged_view(view, self.model)


def logged_view(view, model):
    """Wrap a record screen (the `pk` URL argument): once it has been shown (a GET
    answered 200), the view is logged under what the screen shows."""

    @wraps(view)
    def logged(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        pk = kwargs.get("pk")
        if pk is not None and request.method == "GET" and response.status_code == 200:
            match = request.resolver_match
            access = _SCREEN_ACCESS.get(match.url_name if match else None, Access.OTHER)
            log_access(request.user, model._default_manager.filter(pk=unquote(str(pk))), access)
        return response

    return logged


def refuse_bulk_action_above_clearance(request, action_type, objects, action_class_instance):
    """Bulk actions take object ids from the query string: check each one (registered as
    the `before_bulk_action` hook in cms/wagtail_hooks.py)."""
    for obj in objects:
        if is_confidential_model(type(obj)) and not can_view(request.user, obj):
            return HttpResponseForbidden()
    return None


def neutral_log_label(sender, instance, **kwargs):
    """Wagtail's audit log (Reports → Site history) shows an object's label to anyone with
    a permission on its model. A record above Tasnif Dışı, or Kişiye Özel, is logged under
    its model name and id only, so the report never shows a confidential title."""
    model = instance.content_type.model_class() if instance.content_type_id else None
    if not is_confidential_model(model):
        return
    record = model._default_manager.filter(pk=instance.object_id).first()
    if record is not None and (record.confidentiality > Level.UNCLASSIFIED or record.personal):
        instance.label = f"{model._meta.verbose_name} #{record.pk}"
