"""Demo content of the press office: sections, two years of releases and news, announcements,
the press directory, distribution lists and a hundred clippings. Idempotent."""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cms.text import slugify

from .models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    Category,
    DenialNotice,
    DistributionList,
    MediaOutlet,
    NewsIndexPage,
    NewsPage,
    OutletKind,
    PressClipping,
    PressContact,
    PressReleaseIndexPage,
    PressReleasePage,
    Tone,
)
from .tekzip import rules

CATEGORIES = ["Kültür", "Sosyal Yardım", "Altyapı", "Meclis", "Çevre", "Spor"]

# (category, title, summary)
RELEASES = [
    (
        "Altyapı",
        "Sahil Yolu Yenileme Çalışmaları Başladı",
        "Sahil yolunda asfalt ve kaldırım yenileme çalışmaları başladı.",
    ),
    (
        "Kültür",
        "Kent Kütüphanesi Hafta Sonu da Açık",
        "Kent kütüphanesi artık cumartesi ve pazar günleri de hizmet veriyor.",
    ),
    (
        "Sosyal Yardım",
        "Ramazan Yardım Paketleri Dağıtıldı",
        "İhtiyaç sahibi 2.500 aileye gıda paketi ulaştırıldı.",
    ),
    (
        "Meclis",
        "Belediye Meclisi Olağan Toplantısı Yapıldı",
        "Meclis, imar ve bütçe gündemli toplantısında 14 kararı kabul etti.",
    ),
    (
        "Çevre",
        "Sıfır Atık Projesine Üç Mahalle Daha Katıldı",
        "Ayrıştırılmış atık toplama üç yeni mahallede başladı.",
    ),
    (
        "Spor",
        "Yüzme Havuzu Yeniden Hizmete Açıldı",
        "Bakımı tamamlanan kapalı yüzme havuzu yeniden açıldı.",
    ),
    (
        "Altyapı",
        "İçme Suyu Hattı Yenileniyor",
        "Eski şebeke hattı yerine 12 kilometrelik yeni hat döşeniyor.",
    ),
    (
        "Kültür",
        "Tiyatro Festivali Programı Açıklandı",
        "Uluslararası tiyatro festivalinde 20 oyun sahnelenecek.",
    ),
    (
        "Sosyal Yardım",
        "Öğrencilere Kırtasiye Desteği",
        "İlkokul öğrencilerine okul çantası ve kırtasiye seti verildi.",
    ),
    ("Meclis", "2026 Bütçesi Meclisten Geçti", "Gelecek yılın bütçesi oy çokluğuyla kabul edildi."),
    (
        "Çevre",
        "Kent Ormanına 5 Bin Fidan Dikildi",
        "Gönüllülerle birlikte kent ormanına beş bin fidan dikildi.",
    ),
    (
        "Spor",
        "Amatör Spor Kulüplerine Malzeme Desteği",
        "32 amatör kulübe forma ve top desteği sağlandı.",
    ),
    (
        "Altyapı",
        "Yağmur Suyu Kanalı Tamamlandı",
        "Sanayi bölgesinde taşkınları önleyecek kanal tamamlandı.",
    ),
    (
        "Kültür",
        "Kent Müzesi Yeni Sergisiyle Ziyaretçilerini Bekliyor",
        "Kentin yüz yıllık fotoğrafları yeni sergide.",
    ),
    (
        "Sosyal Yardım",
        "Kış Öncesi Yakacak Yardımı",
        "Yaşlı ve engelli vatandaşlara yakacak desteği başladı.",
    ),
    (
        "Meclis",
        "Kent Konseyi Önerileri Meclis Gündeminde",
        "Kent Konseyinin ulaşım önerileri meclis komisyonuna havale edildi.",
    ),
    (
        "Çevre",
        "Sahil Temizliği Etkinliği",
        "Gönüllüler ve belediye ekipleri sahilde iki ton atık topladı.",
    ),
    (
        "Spor",
        "Kent Maratonu Kayıtları Başladı",
        "Kent maratonuna kayıtlar internet sitesi üzerinden alınıyor.",
    ),
    ("Altyapı", "Yeni Otopark Hizmete Girdi", "Çarşı bölgesinde 400 araçlık katlı otopark açıldı."),
    (
        "Kültür",
        "Yaz Konserleri Başlıyor",
        "Açıkhava tiyatrosunda ücretsiz yaz konserleri başlıyor.",
    ),
]
NEWS = [
    (
        "Altyapı",
        "Mahalle Yollarında Asfalt Sezonu",
        "Asfalt ekipleri bu hafta dört mahallede çalışıyor.",
    ),
    (
        "Kültür",
        "Çocuklar İçin Kukla Atölyesi",
        "Kütüphanede çocuklara yönelik kukla atölyesi düzenlendi.",
    ),
    (
        "Sosyal Yardım",
        "Aşevinde Günlük 1.200 Kişiye Yemek",
        "Belediye aşevi her gün 1.200 kişiye sıcak yemek veriyor.",
    ),
    (
        "Meclis",
        "Meclis Üyeleri Şantiyeleri Gezdi",
        "Meclis üyeleri süren yatırımları yerinde inceledi.",
    ),
    (
        "Çevre",
        "Parklara Kompost Üniteleri",
        "Park atıkları kompost ünitelerinde gübreye dönüşüyor.",
    ),
    (
        "Spor",
        "Kadınlar Voleybol Turnuvası Sona Erdi",
        "Mahalleler arası kadınlar voleybol turnuvası tamamlandı.",
    ),
    (
        "Altyapı",
        "Bisiklet Yolu Ağı Genişliyor",
        "Sahil bisiklet yoluna 6 kilometrelik yeni bağlantı eklendi.",
    ),
    (
        "Kültür",
        "Halk Dansları Gösterisi Büyük İlgi Gördü",
        "Cumhuriyet Meydanı'ndaki gösteriyi binlerce kişi izledi.",
    ),
    (
        "Sosyal Yardım",
        "Engelsiz Yaşam Merkezi Açıldı",
        "Engelli vatandaşlar için danışma ve rehabilitasyon merkezi açıldı.",
    ),
    (
        "Çevre",
        "Sokak Hayvanları İçin Mama Noktaları",
        "Kent genelinde 150 mama ve su noktası kuruldu.",
    ),
    ("Spor", "Yaz Spor Okulları Kayıtları", "Yedi branşta yaz spor okulu kayıtları sürüyor."),
    ("Meclis", "Gençlik Meclisi Seçimleri Yapıldı", "Gençlik Meclisi yeni yürütme kurulunu seçti."),
]
ANNOUNCEMENTS = [
    (
        "Su Kesintisi Duyurusu",
        "Şebeke çalışması nedeniyle bazı mahallelerde su kesintisi olacaktır.",
        -40,
        -38,
    ),
    (
        "Vergi Ödemelerinde Son Gün",
        "Emlak vergisi ikinci taksitinin son ödeme günü yaklaşıyor.",
        -20,
        10,
    ),
    ("Nikâh Salonu Randevu Sistemi", "Nikâh randevuları artık çevrim içi alınıyor.", -5, None),
    (
        "Kent Konseyi Genel Kurul Çağrısı",
        "Kent Konseyi genel kurulu toplanıyor; tüm kentliler davetlidir.",
        -2,
        20,
    ),
    ("Pazar Yeri Taşınıyor", "Salı pazarı geçici olarak yeni alanında kurulacaktır.", -90, -60),
]
OUTLETS = [
    ("Ege Postası", OutletKind.DAILY, "local", None),
    ("Körfez Gazetesi", OutletKind.DAILY, "local", None),
    ("Yeni Asır Bölge", OutletKind.DAILY, "national", None),
    ("Örnekköy Haftalık", OutletKind.WEEKLY, "local", 7),
    ("Ege Kültür Dergisi", OutletKind.MAGAZINE, "local", 30),
    ("Körfez Haber", OutletKind.INTERNET, "local", None),
    ("Egeli Haber Sitesi", OutletKind.INTERNET, "national", None),
    ("Ege TV", OutletKind.TV, "local", None),
    ("Radyo Körfez", OutletKind.RADIO, "local", None),
    ("Anadolu Haber Ajansı Bölge", OutletKind.AGENCY, "national", None),
]
FIRST_NAMES = ["Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Burak", "Selin", "Can", "Deniz", "Gül"]
LAST_NAMES = ["Yıldız", "Kaya", "Şahin", "Öztürk", "Aydın", "Çelik", "Arslan", "Doğan"]
CLIPPING_TOPICS = ["ulaşım", "imar", "sosyal yardım", "kültür", "çevre", "su", "spor", "meclis"]


def _date(days_ago):
    return timezone.localdate() - dt.timedelta(days=days_ago)


def load(demo):
    categories = {name: Category.objects.get_or_create(name=name)[0] for name in CATEGORIES}
    photos = [
        demo.photo(title, credit_line="Fotoğraf: Basın Birimi")
        for title in ("Basın Toplantısı", "Şantiye", "Konser Alanı", "Sahil", "Meclis Salonu")
    ]
    releases = demo.page(
        demo.home,
        PressReleaseIndexPage,
        "basin-aciklamalari",
        title="Basın Açıklamaları",
        intro="Örnekköy Belediyesi'nin resmî basın açıklamaları.",
        show_in_menus=True,
    )
    news = demo.page(
        demo.home,
        NewsIndexPage,
        "haberler",
        title="Haberler",
        intro="Belediyemizden haberler.",
        show_in_menus=True,
    )
    announcements = demo.page(
        demo.home,
        AnnouncementIndexPage,
        "duyurular",
        title="Duyurular",
        intro="Vatandaşlarımıza duyurular.",
        show_in_menus=True,
    )
    for number, (category, title, summary) in enumerate(RELEASES):
        _item(
            demo, releases, PressReleasePage, number, title, summary, categories[category], photos
        )
    for number, (category, title, summary) in enumerate(NEWS):
        _item(demo, news, NewsPage, number + 100, title, summary, categories[category], photos)
    for number, (title, summary, start, end) in enumerate(ANNOUNCEMENTS):
        demo.page(
            announcements,
            AnnouncementPage,
            slugify(title),
            title=title,
            summary=summary,
            date=_date(-start),
            valid_from=_date(-start),
            valid_until=_date(-end) if end is not None else None,
            lead_image=photos[number % len(photos)],
            body=[("paragraph", f"<p>{summary}</p>")],
        )
    _directory()
    _clippings(releases)
    _home_listings(demo, releases, announcements)
    load_tekzip(demo)
    load_publications(demo)
    load_notices()


DEMO_BULLETIN = """<html><body style="font-family: 'DejaVu Sans', sans-serif">
<h1 style="color:#0b4f8a">Örnekköy Bülteni</h1><p>Kasım sayısı</p>
<h2>Başkanın mesajı</h2><p>Değerli hemşehrilerim, sahil yolunda yağmursuyu kanalı yenilendi;
kış öncesi bütün mahallelerde temizlik çalışması sürüyor.</p>
<h2 style="page-break-before: always">Kültür ve sanat</h2>
<p>Kent Konseyi'nin düzenlediği kitap fuarı 12 gün sürdü ve 40 bin ziyaretçi ağırladı.</p>
</body></html>"""


def load_publications(demo):
    """The municipality's bulletin with this month's issue: a real PDF whose cover and text
    are read by the background task (the worker beside `make demo`)."""
    import hashlib

    from django.core.files.base import ContentFile

    from cms.pdf import html_to_pdf

    from .publications.models import PublicationIssuePage, PublicationPdf, PublicationSeriesPage
    from .publications.tasks import process_pdf

    series = demo.page(
        demo.home,
        PublicationSeriesPage,
        "yayinlar-bulten",
        title="Örnekköy Bülteni",
        kind="bulletin",
        intro="Belediyemizin aylık bülteni: her ayın sonunda PDF olarak.",
    )
    if series.get_children().exists():
        return
    data = html_to_pdf(DEMO_BULLETIN)
    record = PublicationPdf(
        original_name="ornekkoy-bulteni.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=2,
    )
    record.file.save("ornekkoy-bulteni.pdf", ContentFile(data), save=False)
    record.save()
    today = timezone.localdate()
    demo.page(
        series,
        PublicationIssuePage,
        f"sayi-{today:%Y-%m}",
        title=f"Örnekköy Bülteni — {today:%m/%Y}",
        number=f"{today.year}/{today.month}",
        date=today,
        summary="Sahil yolu, kış hazırlıkları ve kitap fuarı.",
        contents=[
            ("entry", {"title": "Başkanın mesajı", "page": 1}),
            ("entry", {"title": "Kültür ve sanat", "page": 2}),
        ],
        pdf=record,
        print_run=5000,
        distribution_points="Belediye hizmet binası\nKültür merkezi\nMuhtarlıklar",
    )
    process_pdf.enqueue(record.pk)


def load_notices():
    """Three paid newspaper notices: a new request, one whose proof is late, and one whose
    invoice is unpaid past its term."""
    from decimal import Decimal

    from .notices.models import NewspaperNotice
    from .notices.rules import Status

    if NewspaperNotice.objects.exists():
        return
    outlet, _created = MediaOutlet.objects.get_or_create(
        name="Ege Ekspres", defaults={"kind": "daily"}
    )
    rows = [
        (Status.REQUESTED, "Fen İşleri Müdürlüğü", "Asfalt yapım işi ihale ilanı", {}),
        (
            Status.PUBLISHED,
            "İmar ve Şehircilik Müdürlüğü",
            "Plan değişikliği askı ilanı",
            {
                "ordered_on": _date(20),
                "published_on": _date(15),
                "via_bik": True,
                "bik_reference": "BİK-İZM-2026/1187",
                "columns": 3,
                "height_cm": Decimal("12"),
                "cost": Decimal("8250.00"),
            },
        ),
        (
            Status.INVOICED,
            "Kültür ve Sosyal İşler Müdürlüğü",
            "Kitap fuarı duyurusu",
            {
                "ordered_on": _date(60),
                "published_on": _date(55),
                "cost": Decimal("3400.50"),
                "invoice_number": "EKS-2026-311",
                "invoiced_on": _date(40),
            },
        ),
    ]
    for status, unit, subject, fields in rows:
        notice = NewspaperNotice.objects.create(
            requesting_unit=unit,
            subject=subject,
            text=f"{subject}: ilan metni birimden geldiği gibi.",
            **fields,
        )
        notice.outlets.set([outlet])
        notice.status = status
        notice.save(update_fields=["status"])


def _item(demo, index, model, number, title, summary, category, photos):
    # Spread over two years, newest first; every fifth item has a change note.
    day = _date(number % 100 * 23 + 3)
    fields = {
        "title": title,
        "summary": summary,
        "date": day,
        "lead_image": photos[number % len(photos)],
        "categories": [category],
        "body": [
            (
                "paragraph",
                f"<p>{summary} Belediye Başkanı, çalışmaların kent için önemini vurguladı.</p>",
            ),
            ("heading", {"text": "Ayrıntılar", "level": "h2"}),
            (
                "paragraph",
                "<p>Konuyla ilgili bilgi Basın ve Sosyal Medya Birimi'nden alınabilir.</p>",
            ),
        ],
    }
    if number % 5 == 4:
        fields["change_notes"] = [
            (
                "note",
                {"date": day + dt.timedelta(days=1), "note": "Tarih ve saat bilgisi düzeltildi."},
            )
        ]
    if number == 7:
        fields["withdrawn"] = True
        fields["withdrawal_note"] = "Festival programı değiştiği için bu açıklama geri çekilmiştir."
    demo.page(index, model, slugify(title), **fields)


def _directory():
    rng = random.Random(2026)
    outlets = []
    for name, kind, scope, rhythm in OUTLETS:
        outlet, _created = MediaOutlet.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "scope": scope,
                "rhythm_days": rhythm,
                "phone": "0 (232) 000 00 00",
                "email": f"haber@{slugify(name)}.example",
                "website": f"https://{slugify(name)}.example",
                "responsible_manager": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            },
        )
        outlets.append(outlet)
    roles = [choice for choice, _label in PressContact.Role.choices]
    for number in range(40):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[number * 3 % len(LAST_NAMES)]
        outlet = outlets[number % len(outlets)]
        PressContact.objects.get_or_create(
            email=f"{slugify(first)}.{slugify(last)}{number}@{slugify(outlet.name)}.example",
            defaults={
                "name": f"{first} {last}",
                "outlet": outlet,
                "role": roles[number % len(roles)],
                "mobile": f"0 (5{number % 10}2) 000 00 {number:02d}",
                "consent": number % 7 != 3,
                "consent_date": _date(300 - number) if number % 7 != 3 else None,
                "active": number % 11 != 5,
            },
        )
    local, created = DistributionList.objects.get_or_create(
        name="Yerel günlük gazeteler",
        defaults={
            "description": "Yerel günlük gazetelerin tüm etkin mensupları.",
            "rule_enabled": True,
            "rule_outlet_kind": OutletKind.DAILY,
            "rule_scope": "local",
        },
    )
    everyone, created = DistributionList.objects.get_or_create(
        name="Tüm basın", defaults={"description": "Rehberdeki bütün basın mensupları."}
    )
    if created:
        everyone.contacts.set(PressContact.objects.all())


def _clippings(releases):
    if PressClipping.objects.exists():
        return
    rng = random.Random(1923)
    outlets = list(MediaOutlet.objects.all())
    pages = list(PressReleasePage.objects.child_of(releases))
    tones = [Tone.POSITIVE] * 5 + [Tone.NEUTRAL] * 3 + [Tone.NEGATIVE] * 2
    clippings = []
    for number in range(100):
        outlet = outlets[number % len(outlets)]
        topic = CLIPPING_TOPICS[number % len(CLIPPING_TOPICS)]
        tone = rng.choice(tones)
        clippings.append(
            PressClipping(
                outlet=outlet,
                date=_date(rng.randint(0, 180)),
                headline=f"{outlet.name}: belediyenin {topic} çalışmaları ({number + 1})",
                url=f"https://{slugify(outlet.name)}.example/haber/{number + 1}",
                page_number=str(rng.randint(1, 16)),
                topic=topic,
                tone=tone,
                related_page=pages[number % len(pages)] if pages and number % 3 == 0 else None,
                needs_correction=tone == Tone.NEGATIVE and number % 4 == 0,
            )
        )
    bulk_create_with_history(clippings, PressClipping)


def _home_listings(demo, releases, announcements):
    home = demo.home
    present = {block.value["page_type"] for block in home.body if block.block_type == "listing"}
    wanted = [
        ("press.pressreleasepage", "Basın açıklamaları", releases),
        ("press.announcementpage", "Duyurular", announcements),
    ]
    missing = [item for item in wanted if item[0] not in present]
    if not missing:
        return
    for page_type, title, section in missing:
        home.body.append(
            (
                "listing",
                {
                    "title": title,
                    "page_type": page_type,
                    "section": section,
                    "limit": 4,
                    "order": "natural",
                    "layout": "cards",
                    "more_link": section,
                },
            )
        )
    home.save_revision().publish()


DEMO_REPLY = (
    "<p>Gazetenizin ilgili haberinde, Sahil Yolu düzenleme çalışmalarının ihalesiz yapıldığı "
    "ileri sürülmüştür. Çalışmalar 4734 sayılı Kamu İhale Kanunu uyarınca açık ihale ile "
    "yapılmış, ihale ilanı Kamu İhale Bülteni'nde yayımlanmıştır.</p>"
    "<p>Kamuoyunun doğru bilgilendirilmesi için bu cevap ve düzeltmenin yayımlanmasını rica "
    "ederiz.</p>"
)


def load_tekzip(demo):
    """Two denial notices: a draft awaiting approval and one sent to the outlet."""
    if DenialNotice.objects.exists():
        return
    outlet, _created = MediaOutlet.objects.get_or_create(
        name="Ege Ekspres",
        defaults={
            "kind": "daily",
            "responsible_manager": "Ali Vural",
            "address": "Gazi Bulvarı No: 10, Konak / İzmir",
        },
    )
    now = timezone.now()
    draft = DenialNotice(
        outlet=outlet,
        medium=rules.Medium.DAILY.value,
        published_at=now - dt.timedelta(days=2),
        title="Sahil Yolu ihalesiz mi yapıldı?",
        url="https://egeekspres.example.com/sahil-yolu",
        passage="Sahil Yolu düzenlemesi ihale yapılmadan bir firmaya verildi.",
        original_lines=40,
        reply=DEMO_REPLY,
        addressee=outlet.responsible_manager,
        signatory_name="Hasan Çelik",
        signatory_title="Özel Kalem Müdürü",
        enclosures="İhale ilanı örneği",
        live=False,
    )
    draft.save()
    draft.save_revision()
    sent = DenialNotice(
        outlet=outlet,
        medium=rules.Medium.DAILY.value,
        published_at=now - dt.timedelta(days=20),
        title="Park projesi iptal edildi iddiası",
        passage="Sahil Parkı projesi iptal edildi.",
        reply="<p>Sahil Parkı projesi iptal edilmemiştir; yapım işi sürmektedir.</p>",
        addressee=outlet.responsible_manager,
        signatory_name="Hasan Çelik",
        signatory_title="Özel Kalem Müdürü",
        live=False,
    )
    sent.save()
    sent.save_revision().publish()
    sent.refresh_from_db()
    # The approved notice's letter: an outgoing record of the one register, with its Sayı.
    from .tekzip.letters import generate_letter

    try:
        generate_letter(sent)
    except ValidationError as error:  # no DETSİS number in the settings: no letter
        demo.write(f"Tekzip yazısı oluşturulmadı: {' '.join(error.messages)}")
    sent.transition(
        rules.Status.SENT,
        user=None,
        delivery_method="kep",
        delivered_on=timezone.localdate() - dt.timedelta(days=5),
    )
