"""The photo archive: Kalem's Wagtail image model (Photo) with EXIF/IPTC, consent and licence
rules, albums and the public archive pages, press downloads, uploads processed in the
background, and its admin. Models keep app_label "archive"; archive.models gathers them."""
