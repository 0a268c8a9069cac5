"""The one PDF renderer (WeasyPrint) for letters and reports, with what they share: the
default site's municipality settings, the logo embedded as a data URI (so rendering
never fetches a media URL) and the fonts (DejaVu, which has every Turkish letter)."""

import base64
import io

import segno
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

from .images import public_image

# Fonts every PDF asks for, in order; DejaVu ships with Debian and has ı, ş, ğ, İ.
FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif'


def qr_data_uri(text):
    """A QR code as a PNG data URI (a bitmap, so a scanner and a test read it back)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def municipality_settings():
    """MunicipalitySettings of the default site (letters are the institution's, not a
    site's)."""
    from wagtail.models import Site

    from .models import MunicipalitySettings

    return MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))


def logo_data_uri(municipality):
    logo = public_image(municipality.logo)
    if not logo:
        return ""
    rendition = logo.get_rendition("max-300x300|format-png")
    with rendition.file.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def letterhead_context():
    """What a letterhead template needs: the settings, the logo and the capitalised
    institution name official letters print."""
    from .text import turkish_upper

    municipality = municipality_settings()
    return {
        "municipality": municipality,
        "logo": logo_data_uri(municipality),
        "institution": turkish_upper(municipality.name),
        "font_family": FONT_FAMILY,
    }


# Official letters are archived and exchanged (e-Yazışma asks for PDF/A): PDF/A-3b keeps
# the fonts embedded and the file self-contained, and still allows attached files.
LETTER_PDF_VARIANT = "pdf/a-3b"


def html_to_pdf(html, *, base_url=None, pdf_variant=None):
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=pdf_variant)


def render_pdf(
    template_name, context, *, letterhead=False, base_url=None, language="tr", pdf_variant=None
):
    """Render `template_name` with `context` (plus the letterhead's context when asked)
    to PDF bytes, in Turkish unless told otherwise; `pdf_variant` such as
    LETTER_PDF_VARIANT makes an archival PDF."""
    with translation.override(language):
        if letterhead:
            context = {**letterhead_context(), **context}
        html = render_to_string(template_name, context)
    return html_to_pdf(html, base_url=base_url, pdf_variant=pdf_variant)


def pdf_response(pdf, filename, *, attachment=False):
    """A PDF made for a signed-in member of staff (a letter, a report, a list): shown in
    the browser or downloaded, never kept by a shared cache."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response
