"""Admin screens of the photo archive: the rights report, upload status, near-duplicate
decisions, and Wagtail's image views with the archive's warnings and forms."""

from collections import Counter
from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.forms import URLGeneratorForm, get_image_multi_form
from wagtail.images.views import images, multiple
from wagtail.models import Page, ReferenceIndex

from cms.admin_views import AdminScreenMixin

from . import tasks
from .models import FILE_FIELDS as PHOTO_FILE_FIELDS
from .models import Photo
from .permissions import can_manage_photos, image_policy
from .renditions import ShrinkOnLoadFilter

REPORT_LIMIT = 200


def can_review_rights(user):
    return can_manage_photos(user)


class PhotoRightsReportView(AdminScreenMixin, TemplateView):
    """Photos that may not be used any more (withdrawn, consent expired or licence
    ended), each with
    where it is still used, and photos that look like another one (near-duplicates)."""

    template_name = "archive/admin/rights_report.html"
    page_title = _("Photo rights and duplicates")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_review_rights(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unusable = []
        for photo in Photo.objects.unusable().order_by("consent_expires", "pk")[:REPORT_LIMIT]:
            uses = [{"label": str(obj), "url": url} for obj, url in _usages(photo)]
            kind, day = photo.unusable_reason
            unusable.append(
                {
                    "photo": photo,
                    "reason": kind,
                    "ended": day,
                    "edit_url": reverse("wagtailimages:edit", args=[photo.pk]),
                    "uses": uses,
                }
            )
        near = Photo.objects.filter(near_duplicate_of__isnull=False).select_related(
            "near_duplicate_of"
        )[:REPORT_LIMIT]
        context.update(
            unusable=unusable,
            near_duplicates=[
                {
                    "photo": photo,
                    "edit_url": reverse("wagtailimages:edit", args=[photo.pk]),
                    "other": photo.near_duplicate_of,
                    "other_url": reverse("wagtailimages:edit", args=[photo.near_duplicate_of_id]),
                }
                for photo in near
            ],
        )
        return context


def _usages(photo):
    """(object, admin edit URL) for every object that refers to the photo."""
    for obj, _references in ReferenceIndex.get_grouped_references_to(photo):
        url = getattr(obj, "get_admin_url", None)
        if callable(url):
            url = url()
        elif hasattr(obj, "pk") and hasattr(obj, "get_url_parts"):
            url = reverse("wagtailadmin_pages:edit", args=[obj.pk])
        else:
            url = ""
        yield obj, url


# --- uploads: status, near-duplicates, unusable photos in use --------------------------

UPLOAD_STATUS_LIMIT = 300

# What the background task reads from the file. Wagtail's multiple upload shows an edit
# form for each file before the task has run; without these fields, saving that form
# cannot blank what the task filled in meanwhile. They are corrected on the edit page.
FILE_FIELDS = (*PHOTO_FILE_FIELDS, "tags")


def photo_multi_form():
    base = get_image_multi_form(Photo)

    class PhotoMultiEditForm(base):
        class Meta(base.Meta):
            exclude = (*base.Meta.exclude, *FILE_FIELDS)

    return PhotoMultiEditForm


class PhotoMultipleAddView(multiple.AddView):
    def get_edit_form_class(self):
        return photo_multi_form()

    def save_object(self, form):
        photo = super().save_object(form)  # saved by the view itself, not by the form
        tasks.queue_upload(photo)
        return photo

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        messages.info(
            self.request,
            _("Date, camera, place and previews are read in the background after upload."),
            buttons=[messages.button(reverse("archive_upload_status"), _("Upload status"))],
        )
        return context


class PhotoMultipleEditView(multiple.EditView):
    def get_edit_form_class(self):
        return photo_multi_form()


def unusable_uses(photos):
    """{photo: [live pages showing it]} for photos that may no longer be used."""
    photos = list(photos)
    page_type = ContentType.objects.get_for_model(Page)
    by_photo = {}
    references = ReferenceIndex.get_references_to_in_bulk(photos).filter(
        base_content_type=page_type
    )
    for to_id, page_id in references.values_list("to_object_id", "object_id").distinct():
        by_photo.setdefault(int(to_id), set()).add(int(page_id))
    pages = Page.objects.live().in_bulk({pk for ids in by_photo.values() for pk in ids})
    return {
        photo: [pages[pk] for pk in sorted(by_photo.get(photo.pk, ())) if pk in pages]
        for photo in photos
    }


def photo_warnings(request, photo):
    """Add the edit page's warnings: processing, near-duplicate, no longer usable."""
    if photo.processing_status in (Photo.PENDING, Photo.PROCESSING):
        messages.info(
            request,
            _("This photo is still being processed; reload the page before editing it."),
        )
    elif photo.processing_status == Photo.FAILED:
        messages.error(
            request,
            _("Processing failed: %(error)s") % {"error": photo.processing_error},
        )
    other = photo.near_duplicate_of
    if other is not None and not photo.near_duplicate_kept:
        messages.warning(
            request,
            _("This photo looks like “%(title)s” already in the archive.") % {"title": other},
            buttons=[
                messages.button(reverse("wagtailimages:edit", args=[other.pk]), _("Compare")),
                messages.button(
                    reverse("archive_keep_near_duplicate", args=[photo.pk]), _("Keep both")
                ),
                messages.button(reverse("wagtailimages:delete", args=[photo.pk]), _("Delete")),
            ],
        )
    if not photo.is_usable:
        pages = unusable_uses([photo])[photo]
        if pages:
            messages.warning(
                request,
                _("This photo may no longer be used but is still shown on: %(pages)s.")
                % {"pages": ", ".join(page.get_admin_display_title() for page in pages)},
                buttons=[
                    messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), str(page))
                    for page in pages[:5]
                ],
            )


class PhotoEditView(images.EditView):
    """Wagtail's image edit page, with the archive's warnings about the photo."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        photo_warnings(request, self.object)
        return response


class UploadStatusView(AdminScreenMixin, TemplateView):
    """The editor's recent uploads, with how far their processing is and what failed."""

    template_name = "archive/admin/upload_status.html"
    page_title = _("Upload status")
    header_icon = "image"

    def dispatch(self, request, *args, **kwargs):
        if not image_policy().user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        photos = list(
            Photo.objects.filter(uploaded_by_user=self.request.user)
            .select_related("near_duplicate_of")
            .order_by("-created_at", "-pk")[:UPLOAD_STATUS_LIMIT]
        )
        counts = Counter(photo.processing_status for photo in photos)
        context.update(
            photos=photos,
            total=len(photos),
            ready=counts[Photo.READY],
            waiting=counts[Photo.PENDING] + counts[Photo.PROCESSING],
            failed=counts[Photo.FAILED],
        )
        return context


class KeepNearDuplicateView(AdminScreenMixin, TemplateView):
    """Confirm that a near-duplicate is a photo of its own; the decision is kept in the
    photo's history."""

    template_name = "archive/admin/confirm_keep_near_duplicate.html"
    page_title = _("Keep both photos?")
    header_icon = "image"

    def dispatch(self, request, photo_id):
        self.photo = get_object_or_404(Photo, pk=photo_id)
        if not image_policy().user_has_permission_for_instance(request.user, "change", self.photo):
            raise PermissionDenied
        return super().dispatch(request, photo_id)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "photo": self.photo}

    def post(self, request, photo_id):
        with transaction.atomic():
            self.photo.near_duplicate_kept = True
            self.photo.save()
        messages.success(request, _("Both photos are kept."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("wagtailimages:edit", args=[self.photo.pk])
        return redirect(next_url)


def photo_preview(request, image_id, filter_spec):
    """The preview of Wagtail's "generate URL" screen. Wagtail's own view runs the filter
    outside the rendition path, so its output kept the original's GPS position and camera
    serial; this one uses the renditions' metadata-free filter, with the same checks."""
    photo = get_object_or_404(Photo, pk=image_id)
    if not image_policy().user_has_permission_for_instance(request.user, "change", photo):
        raise PermissionDenied
    try:
        image_filter = ShrinkOnLoadFilter(spec=filter_spec)
        allowed = URLGeneratorForm.FilterChoices.values
        if any(operation.method not in allowed for operation in image_filter.operations):
            raise InvalidFilterSpecError(filter_spec)
    except InvalidFilterSpecError:
        return HttpResponseBadRequest(
            "Invalid filter spec: " + filter_spec, content_type="text/plain"
        )
    output = SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    result = image_filter.run(photo, output)
    output.seek(0)
    response = FileResponse(output, content_type="image/" + result.format_name)
    response["Cache-Control"] = "private, no-store"
    return response
