"""Who may do what with videos: photo editors (Fotoğraf Arşivi) add and edit them, press
staff (Basın) see them, choose them for pages and download them for the media. Every
video view asks this policy. Registered at start-up (archive/permissions.py)."""

from cms.permissions import VIEW, RecordPolicy, register_policy, register_private_file

from .models import Video


class VideoPolicy(RecordPolicy):
    """Model permissions; the original file and videos that may no longer be used are for
    those who edit videos."""

    def can_download(self, user, video):
        """The press copy: whoever sees videos, while the video may be used; editors always."""
        if not self.user_has_permission_for_instance(user, VIEW, video):
            return False
        return video.is_usable or self.can_edit(user, video)

    def can_edit(self, user, video=None):
        if video is None:
            return self.user_has_permission(user, "change")
        return self.user_has_permission_for_instance(user, "change", video)


video_policy = register_policy(Video, VideoPolicy)
# A signed link to the original (the edit form shows one) opens for video editors only.
register_private_file(Video, "file", lambda user, video: video_policy.can_edit(user, video))
