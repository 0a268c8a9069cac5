"""The photo archive: Kalem's image model (`Photo`), photographers and albums."""

from .albums import AlbumPhoto, PhotoAlbumPage, PhotoArchiveIndexPage
from .photos import Photo, Photographer, PhotoQuerySet, PhotoRendition

__all__ = [
    "AlbumPhoto",
    "Photo",
    "PhotoAlbumPage",
    "PhotoArchiveIndexPage",
    "PhotoQuerySet",
    "PhotoRendition",
    "Photographer",
]
