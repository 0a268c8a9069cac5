from collections.abc import Sequence
from mimetypes import guess_type
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.files.storage import storages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, get_page_models

from . import sql
from .database import planned_per_value
from .search import asked_slice, ranked_search
from .storage import PrivateFileSystemStorage, private_file_name

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def paginate(request, items, per_page):
    """The requested page of `items`; a bad or too-large ?sayfa= gives the last page."""
    return Paginator(items, per_page).get_page(request.GET.get("sayfa"))


def page_or_past_end(request, items, per_page):
    """(page, past_end): the requested page of `items`, the first for a ?sayfa= that is
    not a number; for a number past the end (or below 1) the last page and True, so the
    view can say so with a 404 instead of quietly showing another page (a link kept from
    a longer list, a crawler counting up)."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("sayfa") or 1), False
    except PageNotAnInteger:
        return paginator.page(1), False
    except EmptyPage:
        return paginator.page(paginator.num_pages), True


def page_rows(sliced):
    """The rows of `sliced`, a stretch of a queryset ordered on a unique key, in one query
    that walks the offset over the ids alone and reads whole rows for this stretch only
    (`WHERE pk IN (the stretch's ids, ordered and cut)`). Read directly, the database
    sorted every row of the list with all its columns (a press release's body among them)
    to skip to a late page: at 20,000 releases page 500 sorted 20 MB on disk where the
    ids sort in memory (bench/scale.py, decisions.md). The first pages cost the same."""
    ordering = sliced.query.order_by
    return sliced.model._default_manager.filter(pk__in=sliced.values("pk")).order_by(*ordering)


class KeptPages:
    """A list for Django's Paginator whose count and pages run statements made once per
    process (cms.sql.compiled) instead of a queryset Django builds and compiles on every
    request (a seventh of the uncached press index). `build()` makes the queryset, ordered
    on a unique key; `key` must name every input it reads (what a filter asked for, and
    `cms.listing.public_inputs`); a page's rows come as `page_rows` reads them, with the
    fields `defer` names left unread."""

    def __init__(self, key, build, using, defer=()):
        self.key, self.build, self.using, self.defer = key, build, using, tuple(defer)

    def count(self):
        def counting():
            ids, params = sql.statement(self.build().order_by().values("pk"), self.using)
            return f"SELECT COUNT(*) FROM ({ids}) kalem_counted", params  # noqa: S608 - the ORM's SQL

        try:
            text, params = sql.compiled((self.key, "count"), counting, self.using)
        except EmptyResultSet:  # Django found the queryset empty without asking
            return 0
        return sql.rows(text, params, self.using)[0][0]

    def __getitem__(self, stretch):
        # The Paginator asks for its page's stretch only; read when the page is shown
        # (a page past the end is answered without its rows).
        def building():
            return sql.query(page_rows(self.build()[stretch]).defer(*self.defer), self.using)

        def load():
            if stretch.stop <= stretch.start:  # an empty list's first page
                return []
            try:
                kept = sql.compiled((self.key, stretch.start, stretch.stop), building, self.using)
            except EmptyResultSet:
                return []
            return sql.objects(kept, self.using)

        return _LoadedOnUse(load)


class _LoadedOnUse(Sequence):
    def __init__(self, load):
        self._load, self._items = load, None

    def _all(self):
        if self._items is None:
            self._items = self._load()
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self):
        return len(self._all())


def searchable(pages):
    """`pages` less those a page type hides from search (`hidden_from_search()`, e.g.
    withdrawn press items)."""
    for model in get_page_models():
        hidden = getattr(model, "hidden_from_search", None)
        if hidden is not None and not model._meta.abstract:
            pages = pages.exclude(pk__in=hidden().values("pk"))
    return pages


@require_GET
@planned_per_value()  # its statements are planned for the words searched (cms.database)
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    # Imported here: cms.routing loads Wagtail's views, which need the models this
    # module's importers (press.publications.models) are still defining.
    from .routing import share_sites

    share_sites(request)
    results = None
    if query:
        pages = searchable(Page.objects.live().public().filter(locale=Locale.get_active()))
        pages = pages.specific()
        results = paginate(
            request,
            ranked_search(
                pages, query, asked_slice(request.GET.get("sayfa"), SEARCH_RESULTS_PER_PAGE)
            ),
            SEARCH_RESULTS_PER_PAGE,
        )
    return render(request, "cms/search.html", {"search_query": query, "results": results})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ara/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def file_download(field_file, filename="", content_type=None):
    """A record's stored file as a download, for views that have checked who may have it;
    404 when the record has none."""
    if not field_file:
        raise Http404
    return stored_file_response(
        field_file.storage,
        field_file.name,
        filename or PurePosixPath(field_file.name).name,
        as_attachment=True,
        content_type=content_type,
    )


def stored_file_response(storage, name, filename, as_attachment=False, content_type=None):
    """The response that hands a checked private file over, by the cheapest way the
    storage allows: a short-lived pre-signed URL of the private bucket (object storage),
    an X-Accel-Redirect for nginx to send the file itself (KALEM_PRIVATE_ACCEL_REDIRECT),
    or the file streamed by Django. Never cached by a shared cache."""
    if hasattr(storage, "signed_download_url"):
        url = storage.signed_download_url(name, filename, as_attachment=as_attachment)
        response = HttpResponseRedirect(url)
    elif settings.KALEM_PRIVATE_ACCEL_REDIRECT and isinstance(storage, PrivateFileSystemStorage):
        response = HttpResponse(content_type=content_type or guess_type(filename)[0] or "")
        response["X-Accel-Redirect"] = settings.KALEM_PRIVATE_ACCEL_REDIRECT + quote(name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def private_file(request, token):
    """A file of private storage, for a signed link (cms.storage). Mounted under the admin,
    so Wagtail has already required a staff login; the signature proves the link was
    handed out not long ago, and the record holding the file must let this user have it
    (the same policy as its download view: a link passed on to another role opens
    nothing). Always a download, never shown inline under the admin's origin."""
    name = private_file_name(token)
    storage = storages["private"]
    if name is None or not storage.exists(name):
        raise Http404
    # Imported here: models import this module (paginate), and the policies need them loaded.
    from .permissions import may_open_private_file

    if not may_open_private_file(request.user, name):
        raise PermissionDenied
    return stored_file_response(storage, name, PurePosixPath(name).name, as_attachment=True)
