"""Videos in the admin: the snippet viewset (upload, metadata, rights, captions, poster,
processing status), its chooser (only videos that may be shown), the download URLs and
the role grants. Imported by archive/wagtail_hooks.py."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from cms.permissions import ViewPermissionChooserViewSet
from cms.roles import PHOTO_ARCHIVE, PRESS, ROLE_GRANTS_HOOK, RoleGrant

from . import tasks, views
from .forms import VideoForm
from .models import Video
from .permissions import video_policy

Video.base_form_class = VideoForm


class StatusColumn(Column):
    """ "Hazır · 0:42 · 1920×1080", or the processing state and its error."""

    def get_value(self, instance):
        status = instance.get_processing_status_display()
        if instance.processing_status == Video.FAILED:
            return f"{status}: {instance.processing_error}"
        parts = [status, instance.duration_display, instance.resolution]
        if instance.converted:
            parts.append(_("converted to H.264"))
        if not instance.is_usable:
            parts.append(_("may not be used"))
        return " · ".join(part for part in parts if part)


class _QueuesProcessing:
    """Create and edit: a new file is processed in the background once saved."""

    def save_instance(self):
        form = self.form
        new_file = "file" in form.changed_data
        if form.instance.pk is None:
            form.instance.uploaded_by = self.request.user
        if new_file and not form.instance.poster_from_editor:
            form.instance.poster = ""
        instance = super().save_instance()
        if new_file:
            tasks.queue_processing(instance)
        else:
            tasks.queue_usability_change(instance)
        return instance


class VideoCreateView(_QueuesProcessing, CreateView):
    pass


class VideoEditView(_QueuesProcessing, EditView):
    pass


class _PlayableOnly:
    """A page may newly show only a video that is ready and may be used."""

    def get_object_list(self):
        return Video.objects.playable()


class VideoChooserViewSet(ViewPermissionChooserViewSet):
    choose_view_class = type(
        "VideoChooseView", (_PlayableOnly, ViewPermissionChooserViewSet.choose_view_class), {}
    )
    choose_results_view_class = type(
        "VideoChooseResultsView",
        (_PlayableOnly, ViewPermissionChooserViewSet.choose_results_view_class),
        {},
    )


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = gettext_lazy("Videos")
    menu_name = "videos"
    url_prefix = "archive/videos"
    add_to_admin_menu = True
    menu_order = 306
    chooser_viewset_class = VideoChooserViewSet
    add_view_class = VideoCreateView
    edit_view_class = VideoEditView
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        "title",
        "recorded_on",
        "place",
        StatusColumn("status", label=gettext_lazy("Processing")),
    ]
    list_filter = ["processing_status", "do_not_use", "licence"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("file"),
                HelpPanel(
                    gettext_lazy(
                        "After upload the video is processed in the background: its "
                        "duration, size and codecs are read, a poster frame is cut and a "
                        "copy that plays in every browser is made. The list shows the status."
                    )
                ),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("place")]),
                FieldPanel("people"),
                FieldRowPanel([FieldPanel("event"), FieldPanel("album")]),
                FieldPanel("tags"),
            ],
            heading=gettext_lazy("Video"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("photographer"), FieldPanel("credit_line")]),
                FieldPanel("copyright"),
                FieldPanel("licence"),
                FieldRowPanel([FieldPanel("consent_expires"), FieldPanel("licence_expires")]),
                FieldPanel("do_not_use"),
                FieldPanel("usage_restrictions"),
            ],
            heading=gettext_lazy("Credit and rights"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("poster"),
                FieldRowPanel([FieldPanel("captions_tr"), FieldPanel("captions_en")]),
            ],
            heading=gettext_lazy("Poster and captions"),
        ),
    ]

    def get_queryset(self, request):
        return Video.objects.select_related("photographer")


register_snippet(VideoViewSet)


@hooks.register("register_admin_urls")
def video_admin_urls():
    return [
        path("archive/videos/<int:pk>/indir/", views.download, name="archive_video_download"),
        path("archive/videos/<int:pk>/ozgun/", views.original, name="archive_video_original"),
    ]


@hooks.register("register_snippet_listing_buttons")
def video_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Video):
        return
    if snippet.is_playable and video_policy.can_download(user, snippet):
        yield ListingButton(
            _("Download for the press"),
            reverse("archive_video_download", args=[snippet.pk]),
            icon_name="download",
            priority=20,
        )
    if video_policy.can_edit(user, snippet):
        yield ListingButton(
            _("Original file"),
            reverse("archive_video_original", args=[snippet.pk]),
            icon_name="download",
            priority=25,
        )


@hooks.register(ROLE_GRANTS_HOOK)
def video_role_grants():
    editor = [f"archive.{action}_video" for action in ("add", "change", "delete", "view")]
    return [
        RoleGrant(PHOTO_ARCHIVE, editor),
        RoleGrant(PRESS, ["archive.view_video"]),
    ]
