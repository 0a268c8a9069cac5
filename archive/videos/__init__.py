"""The video archive: event footage with the photo archive's metadata and rights."""
