"""Public views of the photo archive: the faceted archive, albums, photos, downloads."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from archive.videos.models import Video
from cms.storage import private_storage
from cms.views import paginate, stored_file_response

from . import downloads, permissions, rules, search, tasks
from .models import Photo
from .pages import AlbumPhoto, PhotoAlbumPage

PHOTOS_PER_PAGE = 48
# A search shows the newest matching videos above the photos; each links to its album.
VIDEOS_SHOWN = 12


def _original_allowed(request, photo):
    return permissions.original_download_allowed(request.user, photo)


def download_sizes(request, photo):
    sizes = ["web", "print"]
    if _original_allowed(request, photo):
        sizes.append("original")
    return sizes


SORTS = ("newest", "oldest")
ALBUM_CARDS = 6


def _album_cards(albums):
    """The albums' cards with their public photo count and a cover: the chosen cover while
    it may be used, else the album's first usable photo."""
    counts, first = {}, {}
    entries = AlbumPhoto.objects.filter(
        page_id__in=[album.pk for album in albums], photo__in=Photo.objects.usable()
    ).order_by("page_id", "sort_order", "pk")
    for page_id, photo_id in entries.values_list("page_id", "photo_id"):
        counts[page_id] = counts.get(page_id, 0) + 1
        first.setdefault(page_id, photo_id)
    renditions = Photo.get_rendition_model().objects.filter(filter_spec__in=rules.GRID_SPECS)
    usable_ids = set(first.values()) | {album.cover_id for album in albums if album.cover_id}
    covers = Photo.objects.usable().filter(pk__in=usable_ids)
    covers = {
        photo.pk: photo
        for photo in covers.prefetch_related(Prefetch("renditions", queryset=renditions))
    }
    return [
        {
            "page": album,
            "count": counts.get(album.pk, 0),
            "cover": covers.get(album.cover_id) or covers.get(first.get(album.pk)),
        }
        for album in albums
    ]


class KnownCount:
    """A queryset whose length is already known, for the Paginator: it is sliced (LIMIT
    and OFFSET) and never counted again."""

    def __init__(self, queryset, count):
        self.queryset, self._count = queryset, count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]


def _photo_links(request, index_page, album_ids, photo_ids):
    """Each photo's link: the photo in its first public album (by tree order), in one
    query. Albums are children of the archive page (PhotoAlbumPage.parent_page_types), so
    an album's URL is the archive's and its slug, without a page object per album."""
    first = {}
    entries = AlbumPhoto.objects.filter(search.among("page_id", album_ids), photo_id__in=photo_ids)
    for photo_id, slug in entries.order_by("page__path", "sort_order").values_list(
        "photo_id", "page__slug"
    ):
        first.setdefault(photo_id, slug)
    base = index_page.get_url(request)  # the site's root paths read once per request
    resolver = PhotoAlbumPage.get_resolver()
    return {pk: f"{base}{slug}/{resolver.reverse('photo', pk)}" for pk, slug in first.items()}


def _facet_option(label, count, selected, url):
    """One facet option, its list item written here: the unfiltered archive lists hundreds
    (every person and tag), and a template include per option cost about 0.3 ms each."""
    mark = mark_safe(' aria-current="true" class="facet__selected"' if selected else "")
    html = format_html(
        '<li><a href="{}"{}>{}</a> <span class="facet__count">{}</span></li>\n',
        url,
        mark,
        label,
        localize(count),
    )
    return {"label": label, "count": count, "selected": selected, "url": url, "html": html}


def archive_index(request, index_page):
    found = search.search(index_page, request.GET)
    query, selected, facets = found.query, found.selected, found.facets
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    order = ("taken_at", "pk") if sort == "oldest" else ("-taken_at", "-pk")
    results = paginate(
        request, KnownCount(found.photos.order_by(*order), found.photo_count), PHOTOS_PER_PAGE
    )
    page_ids = list(results.object_list)
    renditions = Photo.get_rendition_model().objects.filter(filter_spec__in=rules.GRID_SPECS)
    # The photographer for each card's credit, joined, not read once per card.
    photos = (
        Photo.objects.filter(pk__in=page_ids)
        .select_related("photographer")
        .prefetch_related(Prefetch("renditions", queryset=renditions))
    )
    by_id = {photo.pk: photo for photo in photos}
    links = _photo_links(request, index_page, found.album_ids, page_ids)
    items = [
        {"photo": by_id[pk], "url": links[pk]} for pk in page_ids if pk in by_id and pk in links
    ]
    # Every link keeps the query, the other filters and the order.
    kept = {**({"q": query} if query else {}), **({"sort": sort} if sort != "newest" else {})}
    facet_links, chips = [], []
    for facet in facets:
        options = []
        for key, label, count, is_selected in facet.options:
            params = {**selected, **kept}
            if is_selected:
                params.pop(facet.name)
            else:
                params[facet.name] = key
            url = "?" + urlencode(sorted(params.items()))
            options.append(_facet_option(label, count, is_selected, url))
            if is_selected:
                chips.append({"facet": facet.label, "label": label, "url": url})
        facet_links.append({"name": facet.name, "label": facet.label, "options": options})
    is_search = bool(selected or query)
    video_ids = found.video_ids
    videos = []
    if is_search and video_ids:
        shown = Video.objects.filter(pk__in=video_ids[:VIDEOS_SHOWN]).select_related("album")
        shown = {video.pk: video for video in shown}
        videos = [shown[pk] for pk in video_ids[:VIDEOS_SHOWN] if pk in shown]
    return TemplateResponse(
        request,
        "archive/photo_archive_index_page.html",
        {
            "page": index_page,
            "self": index_page,
            "albums": [] if is_search else _album_cards(list(index_page.albums()[:ALBUM_CARDS])),
            "is_search": is_search,
            "search_query": query,
            "selected": selected,
            "sort": sort,
            "chips": chips,
            "filter_count": len(selected),
            "facets": facet_links,
            "results": results,
            "items": items,
            "result_count": found.photo_count,
            "videos": videos,
            "video_count": len(video_ids) if is_search else 0,
        },
    )


def album_page(request, album):
    items = album.public_items()
    for item in items:
        item.photo_url = album.url + album.reverse_subpage("photo", args=[item.photo_id])
    return TemplateResponse(
        request,
        "archive/photo_album_page.html",
        {
            "page": album,
            "self": album,
            "items": items,
            "videos": album.public_videos(),
            "zip_url": album.url + album.reverse_subpage("download_zip"),
            "zip_allowed": 0 < len(items) <= rules.ALBUM_ZIP_MAX_PHOTOS,
        },
    )


def _public_entry(album, photo_id):
    entry = (
        album.album_photos.filter(photo_id=photo_id, photo__in=Photo.objects.usable())
        .select_related("photo", "photo__photographer")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def album_photo(request, album, photo_id):
    """One photo of an album on its own page: the no-JavaScript lightbox."""
    entry = _public_entry(album, photo_id)
    items = album.public_items(specs=rules.LARGE_SPECS)
    ids = [item.photo_id for item in items]
    position = ids.index(photo_id)

    def photo_url(pk):
        return album.url + album.reverse_subpage("photo", args=[pk])

    photo = next(item.photo for item in items if item.photo_id == photo_id)
    return TemplateResponse(
        request,
        "archive/album_photo.html",
        {
            "page": album,
            "self": album,
            "entry": entry,
            "photo": photo,
            "position": position + 1,
            "total": len(ids),
            "previous_url": photo_url(ids[position - 1]) if position > 0 else None,
            "next_url": photo_url(ids[position + 1]) if position + 1 < len(ids) else None,
            "downloads": [
                {
                    "size": size,
                    "url": album.url + album.reverse_subpage("download", args=[photo_id, size]),
                }
                for size in download_sizes(request, photo)
            ],
        },
    )


def download_photo(request, album, photo_id, size):
    if size not in rules.DOWNLOAD_SIZES:
        raise Http404
    photo = _public_entry(album, photo_id).photo
    if size == "original" and not _original_allowed(request, photo):
        raise PermissionDenied
    name = downloads.public_copy(photo, size)
    # Checked here, handed over by nginx (X-Accel-Redirect) or the private bucket (a
    # pre-signed URL): an app server thread is not held for the whole download.
    return stored_file_response(
        private_storage(),
        name,
        downloads.download_filename(photo, size),
        as_attachment=True,
        content_type="image/jpeg",
    )


def download_album(request, album):
    entries = album.public_items(specs=())
    if not entries or len(entries) > rules.ALBUM_ZIP_MAX_PHOTOS:
        raise Http404
    name = downloads.album_zip_name(album, entries)
    if not private_storage().exists(name):
        if len(entries) <= rules.ALBUM_ZIP_INLINE_PHOTOS:
            try:
                name = downloads.build_album_zip(album, entries)
            except downloads.AlbumTooLarge:
                raise Http404 from None
        elif cache.add(tasks.zip_lock_key(album.pk), True, timeout=30 * 60):
            tasks.build_album_zip.enqueue(album.pk)
    if not private_storage().exists(name):
        response = TemplateResponse(
            request, "archive/album_zip_pending.html", {"page": album, "self": album}
        )
        response.status_code = 202
        response["Retry-After"] = "30"
        return response
    return stored_file_response(
        private_storage(),
        name,
        f"{album.slug}.zip",
        as_attachment=True,
        content_type="application/zip",
    )
