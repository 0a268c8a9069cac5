"""Wagtail discovers this module; it only gathers the admin of each archive area."""

from archive.photos import admin as photos_admin  # noqa: F401
