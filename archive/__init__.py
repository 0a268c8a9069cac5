"""The office's archives: the photo archive (archive.Photo is the Wagtail image model) with
albums and press downloads, the correspondence register, e-Yazışma packages and archived
documents. It imports from cms only, never from press or events."""
