"""A realistic letter and its PDF, for tests and the benchmark (never used by the site)."""

from datetime import datetime, timedelta

from cms.dates import ISTANBUL

from .letter import (
    Dagitim,
    DagitimTuru,
    Ek,
    EkTuru,
    GercekKisi,
    GuvenlikKodu,
    Ilgi,
    Imza,
    Ivedilik,
    Kurum,
    Letter,
    Sdp,
)


def sample_letter(attachments=2, guvenlik_kodu=GuvenlikKodu.YOK) -> Letter:
    """An approved outgoing letter of Konak Belediyesi with `attachments` PDF files, a link
    and a physical enclosure, two recipients (gereği, bilgi) and an İlgi."""
    files = [
        Ek(
            ad=f"Ek {number}: Etkinlik programı",
            dosya_adi=f"Program {number} – Şubat.pdf",
            mime_turu="application/pdf",
        )
        for number in range(1, attachments + 1)
    ]
    return Letter(
        konu="29 Ekim Cumhuriyet Bayramı kutlama programı hk.",
        sayi="E-12345678-010.03-1842",
        tarih=datetime(2026, 10, 20, 14, 30, tzinfo=ISTANBUL),
        guvenlik_kodu=guvenlik_kodu,
        olusturan=Kurum("12345678", "Konak Belediyesi", kep_adresi="konakbelediyesi@hs01.kep.tr"),
        dagitim=[
            Dagitim(
                Kurum(
                    "87654321",
                    "İzmir Valiliği",
                    kep_adresi="izmirvaliligi@hs01.kep.tr",
                    birim_detsis="87654322",
                ),
                tur=DagitimTuru.GRG,
                ivedilik=Ivedilik.GNL,
                miat=timedelta(days=5),
            ),
            Dagitim(
                GercekKisi("Mehmet", "Öztürk", eposta="mehmet@example.org"), tur=DagitimTuru.BLG
            ),
        ],
        sdp=[Sdp("010.03", "Yazışmalar"), Sdp("841.01", "Tören ve kutlamalar", "Bayram törenleri")],
        ekler=[
            *files,
            Ek(ad="Tören alanı krokisi", tur=EkTuru.HRF, referans="https://www.konak.bel.tr/kroki"),
            Ek(ad="Davetiye örneği (posta ile)", tur=EkTuru.FZK),
        ],
        ilgiler=[
            Ilgi(
                etiket="a",
                belge_no="E-87654321-841.01-977",
                tarih=datetime(2026, 10, 1, 9, 0, tzinfo=ISTANBUL),
                ad="Valilik yazısı",
            )
        ],
        imzalar=[Imza(GercekKisi("Ayşe", "Yılmaz", unvan="Av."), makam="Belediye Başkanı")],
        dogrulama_adresi="https://www.konak.bel.tr/belge-dogrula/",
        dosya_adi="Cumhuriyet Bayramı üst yazı.pdf",
    )


def letter_pdf(letter: Letter, pages=1) -> bytes:
    """The letter as a real PDF of `pages` pages, made with WeasyPrint."""
    from django.utils.html import escape
    from weasyprint import HTML

    paragraph = (
        "<p>Belediyemizce düzenlenecek Cumhuriyet Bayramı etkinliklerine ilişkin program ve "
        "güzergâh bilgileri ekte sunulmuştur. Bilgilerinizi ve gereğini arz ederim.</p>"
    )
    body = "".join(
        f"<section style='page-break-after: always'><h1>{escape(letter.konu)}</h1>"
        f"<p>Sayı: {escape(letter.sayi)} — Sayfa {page}</p>{paragraph * 12}</section>"
        for page in range(1, pages + 1)
    )
    return HTML(string=f"<html lang='tr'><body>{body}</body></html>").write_pdf()
