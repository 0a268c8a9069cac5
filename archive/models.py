"""The photo archive's image model and its renditions.

`Photo` is Kalem's only image model (WAGTAILIMAGES_IMAGE_MODEL): Wagtail cannot switch
image models once images exist, so it is defined from the first migration and grows
with the photo-archive work (EXIF/IPTC, consent, hashes) by ordinary migrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index


class Photographer(models.Model):
    """A staff or agency photographer, credited under every photo they took."""

    name = models.CharField(_("name"), max_length=120)
    agency = models.CharField(_("agency or unit"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_staff_photographer = models.BooleanField(_("municipal staff"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("photographer")
        verbose_name_plural = _("photographers")

    def __str__(self):
        return f"{self.name} ({self.agency})" if self.agency else self.name


class Photo(AbstractImage):
    """An image of the archive: a Wagtail image with caption, credit and photographer."""

    caption = models.TextField(_("caption"), blank=True)
    credit_line = models.CharField(
        _("credit line"),
        max_length=200,
        blank=True,
        help_text=_("Shown wherever the photo appears, e.g. “Fotoğraf: Ayşe Yılmaz / Belediye”."),
    )
    photographer = models.ForeignKey(
        Photographer,
        verbose_name=_("photographer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )

    admin_form_fields = (
        *Image.admin_form_fields[:3],
        "caption",
        "credit_line",
        "photographer",
        *Image.admin_form_fields[3:],
    )

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.SearchField("credit_line"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        permissions = [("choose_image", "Can choose image")]

    @property
    def credit(self):
        """The credit line to print: the explicit one, else the photographer's name."""
        if self.credit_line:
            return self.credit_line
        return str(self.photographer) if self.photographer_id else ""


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
