"""The issue page's form: the PDF is uploaded here, checked before anything is stored (a
Turkish message beside the field, the page not saved), and becomes a new PublicationPdf
only when the whole form is valid. Its processing status is shown under the field."""

import hashlib

from django import forms
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.forms import KalemPageForm

from . import pdf


class IssuePageForm(KalemPageForm):
    pdf_upload = forms.FileField(
        label=gettext_lazy("PDF file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=gettext_lazy(
            "The issue as one PDF with its text (not a scan). The cover is made from its "
            "first page."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.pdf if self.instance.pdf_id else None
        if current is not None:
            self.fields["pdf_upload"].help_text = _(
                "Now: %(name)s, %(size)s, %(pages)d pages; cover and text: %(status)s. "
                "Upload a new file to replace it."
            ) % {
                "name": current.original_name,
                "size": filesizeformat(current.size),
                "pages": current.page_count,
                "status": current.get_status_display(),
            }
            if current.error:
                self.fields["pdf_upload"].help_text += " " + current.error

    def clean_pdf_upload(self):
        upload = self.cleaned_data.get("pdf_upload")
        if not upload:
            return None
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("PDF file: the file name must end in .pdf."))
        if upload.size > pdf.max_bytes():
            # Refused before it is read into memory.
            raise forms.ValidationError(
                _("PDF file: the file is larger than %(mb)d MB.")
                % {"mb": pdf.max_bytes() // (1024 * 1024)}
            )
        upload.seek(0)
        data = upload.read()
        try:
            self._pdf_pages = pdf.check(data, upload.size)
        except pdf.PdfRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        self._pdf_sha256 = hashlib.sha256(data).hexdigest()
        upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pdf_id and not cleaned.get("pdf_upload") and not self.errors:
            self.add_error("pdf_upload", _("PDF file: upload the issue's PDF."))
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        upload = self.cleaned_data.get("pdf_upload")
        if upload:
            from .models import PublicationPdf
            from .tasks import process_pdf

            record = PublicationPdf(
                original_name=upload.name[:255],
                size=upload.size,
                sha256=self._pdf_sha256,
                page_count=self._pdf_pages,
            )
            record.file.save(upload.name, upload, save=False)
            record.save()
            page.pdf = record
            transaction.on_commit(lambda: process_pdf.enqueue(record.pk))
        if commit:
            page.save()
            self.save_m2m()
        return page
