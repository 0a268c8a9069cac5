"""Admin screens of the photo archive with no Wagtail equivalent: the rights report."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ReferenceIndex

from .models import Photo
from .permissions import can_manage_photos

REPORT_LIMIT = 200


def can_review_rights(user):
    return can_manage_photos(user)


class PhotoRightsReportView(WagtailAdminTemplateMixin, TemplateView):
    """Photos that may not be used any more (withdrawn or consent expired), each with
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
            unusable.append(
                {
                    "photo": photo,
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
