import datetime as dt

import factory

from archive.correspondence.models import SdpCode
from archive.documents.models import ArchivedDocument, RetentionRule
from cms.pdf import html_to_pdf


def sdp(code="040.01"):
    return SdpCode.objects.get(code=code)


def pdf_with_text(text):
    """A real one-page PDF holding `text` (WeasyPrint, as the office's scans with OCR)."""
    return html_to_pdf(f"<html><body><p>{text}</p></body></html>")


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    """Weekly activity reports: 2 years in the unit, 5 in the institution, then disposal."""

    class Meta:
        model = RetentionRule
        django_get_or_create = ("sdp_code",)

    sdp_code = factory.LazyFunction(sdp)
    unit_years = 2
    institution_years = 5
    outcome = "imha"


class ArchivedDocumentFactory(factory.django.DjangoModelFactory):
    """A weekly activity report of May 2024 (its file closed the same day)."""

    class Meta:
        model = ArchivedDocument

    title = factory.Sequence(lambda n: f"Haftalık faaliyet raporu {n}")
    sdp_code = factory.LazyFunction(sdp)
    document_date = dt.date(2024, 5, 10)
