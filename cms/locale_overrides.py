"""Corrections to other packages' Turkish catalogues.

Kalem's catalogue (LOCALE_PATHS) is searched before the apps' own, so a message listed
here and translated in locale/tr wins over the package's translation. Nothing imports
this module; makemessages reads it."""

from django.utils.translation import gettext_noop

CORRECTED_MESSAGES = [
    # wagtail.documents translates the field name "title" as "başla" ("start!"), and as
    # it comes first that is what every image and document form showed.
    gettext_noop("title"),
]
