"""Demo content of the archive, area by area (idempotent, like every app's demo)."""

from archive.correspondence import demo as correspondence_demo
from archive.documents import demo as documents_demo
from archive.photos import demo as photos_demo
from archive.videos import demo as videos_demo
from archive.weekly import demo as weekly_demo


def load(demo):
    photos_demo.load(demo)
    videos_demo.load(demo)
    correspondence_demo.load(demo)
    # Before the weekly reports: their compiled report is an archived document, and the
    # documents' demo loads only into an archive that holds none yet.
    documents_demo.load(demo)
    weekly_demo.load(demo)
