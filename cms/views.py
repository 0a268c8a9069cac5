from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .storage import private_file_name

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def paginate(request, items, per_page):
    """The requested page of `items`; a bad or too-large ?sayfa= gives the last page."""
    return Paginator(items, per_page).get_page(request.GET.get("sayfa"))


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = None
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = paginate(request, pages.search(query), SEARCH_RESULTS_PER_PAGE)
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
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


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
    response = FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=PurePosixPath(name).name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
