"""The archive app's models, gathered from its areas (app_label "archive" throughout)."""

from archive.photos.models import Photo, Photographer, PhotoQuerySet, PhotoRendition
from archive.photos.pages import AlbumPhoto, PhotoAlbumPage, PhotoArchiveIndexPage

__all__ = [
    "AlbumPhoto",
    "Photo",
    "PhotoAlbumPage",
    "PhotoArchiveIndexPage",
    "PhotoQuerySet",
    "PhotoRendition",
    "Photographer",
]
