"""Demo content of the archive, area by area (idempotent, like every app's demo)."""

from archive.photos import demo as photos_demo


def load(demo):
    photos_demo.load(demo)
