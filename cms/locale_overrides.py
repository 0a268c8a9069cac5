"""Corrections to other packages' Turkish catalogues.

Kalem's catalogue (LOCALE_PATHS) is searched before the apps' own, so a message listed
here and translated in locale/tr wins over the package's translation. Nothing imports
this module; makemessages reads it."""

from django.utils.translation import gettext_noop

CORRECTED_MESSAGES = [
    # wagtail.documents translates the field name "title" as "başla" ("start!"), and as
    # it comes first that is what every image and document form showed.
    gettext_noop("title"),
    # wagtail.images has no Turkish for these, and its "file format" is a guess: any file
    # starting with "<" (an HTML page renamed .jpg) is called "svg". The Turkish text
    # leaves the guess out.
    gettext_noop(
        "Not a valid .%(extension)s image. The extension does not match the file format "
        "(%(image_format)s)"
    ),
    gettext_noop(
        "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."
    ),
    # wagtail-modeladmin has no Turkish for these: an empty list's invitation to add the
    # first record, and "Last updated" above an edit form.
    gettext_noop('Why not <a href="%(url)s">add one</a>?'),
    # The empty list's sentence took the plural name after "Hiç" ("Hiç basın kuruluşları
    # oluşturulmadı."); Turkish wants the singular there, and only the plural is given:
    # the list is named instead ("Henüz basın kuruluşları listesine kayıt eklenmedi.").
    gettext_noop("No %(name)s have been created yet."),
    gettext_noop("Last updated"),
    # A field label capfirst()s its name, and Python capitalises "i" as the dotless "I":
    # Wagtail's "ilk yayınlanma zamanı" would read "Ilk ..."; Kalem's says "İlk ...".
    gettext_noop("first published at"),
    # The page explorer's title ("Exploring: Anasayfa") has no Turkish in Wagtail; and a
    # site's "root page" was "root (kök) sayfası": what staff choose there is the site's
    # home page, and the word "root" should not reach them (cms migration 0009).
    gettext_noop("Exploring"),
    gettext_noop("root page"),
    gettext_noop("Choose a root page"),
    gettext_noop("Choose a different root page"),
    # An inline panel's button: Wagtail's Turkish puts the verb first ("Ekle Alıcı" under
    # a letter's distribution); Turkish puts it last.
    gettext_noop("Add %(label)s"),
]


def _dashboard_counts(count):
    """Never called: makemessages reads these. Wagtail's Turkish catalogue leaves
    "0 Documents" in English and turns the pages count into "78 Sayfa içinde
    oluşturuldu." on the dashboard; Kalem's catalogue says them properly."""
    from django.utils.translation import ngettext

    return [
        ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            count,
        ),
        ngettext(
            '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
            count,
        ),
        ngettext(
            '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
            count,
        ),
    ]
