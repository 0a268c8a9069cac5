"""Demo content of the calendar: a year of events around today, a weekly Kent Konseyi
meeting, a cancelled event, this year's and next year's holidays, and two weeks of the
mayor's appointments. Everything is get-or-create, so loading twice changes nothing."""

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from cms.text import slugify

from . import rules
from .models import Appointment, EventCategory, EventIndexPage, EventPage
from .models.appointments import APPROVED, REQUESTED

CATEGORIES = [
    "Tören",
    "Açılış",
    "Basın Toplantısı",
    "Anma",
    "Kültür-Sanat",
    "Kent Konseyi",
    "Meclis",
    "Bayram",
    "Spor",
]

VENUES = {
    "meydan": (
        "Cumhuriyet Meydanı",
        "Cumhuriyet Meydanı, Merkez, Örnekköy",
        Decimal("38.4192"),
        Decimal("27.1287"),
    ),
    "kultur": (
        "Atatürk Kültür Merkezi",
        "Gazi Bulvarı No: 12, Örnekköy",
        Decimal("38.4237"),
        Decimal("27.1428"),
    ),
    "meclis": (
        "Belediye Meclis Salonu",
        "Cumhuriyet Meydanı No: 1, Örnekköy",
        Decimal("38.4189"),
        Decimal("27.1290"),
    ),
    "park": ("Sahil Parkı", "Kordon Yolu, Örnekköy", Decimal("38.4301"), Decimal("27.1352")),
    "basin": ("Belediye Basın Salonu", "Cumhuriyet Meydanı No: 1, Kat 2, Örnekköy", None, None),
}

# (day offset from today, or (month, day) for a day with a date in its name; hour, hours
# long, title, category, venue, summary)
EVENTS = [
    (
        (4, 23),
        10,
        2,
        "23 Nisan Ulusal Egemenlik ve Çocuk Bayramı Kutlaması",
        "Bayram",
        "meydan",
        "Çocuklarımızla birlikte bayram coşkusu.",
    ),
    (
        -150,
        11,
        1,
        "Kent Kütüphanesi Açılışı",
        "Açılış",
        "kultur",
        "Yenilenen kent kütüphanesi hizmete açılıyor.",
    ),
    (
        -120,
        19,
        3,
        "Yaz Konserleri: Gençlik Senfoni Orkestrası",
        "Kültür-Sanat",
        "park",
        "Açık havada ücretsiz konser.",
    ),
    (
        -100,
        10,
        1,
        "Su Yatırımları Basın Toplantısı",
        "Basın Toplantısı",
        "basin",
        "İçme suyu yatırımları basınla paylaşılıyor.",
    ),
    (
        (7, 15),
        9,
        2,
        "15 Temmuz Demokrasi ve Millî Birlik Günü Anma Programı",
        "Anma",
        "meydan",
        "Şehitlerimizi saygıyla anıyoruz.",
    ),
    (
        -60,
        17,
        2,
        "Sahil Parkı Bisiklet Yolu Açılışı",
        "Açılış",
        "park",
        "Sahil boyunca 6 km'lik bisiklet yolu.",
    ),
    (-45, 20, 2, "Açık Hava Sineması", "Kültür-Sanat", "park", "Aile filmleri gösterimi."),
    (
        (10, 7),
        10,
        2,
        "Belediye Meclisi Ekim Olağan Toplantısı",
        "Meclis",
        "meclis",
        "Meclisin ekim ayı olağan toplantısı; halka açıktır.",
    ),
    (
        (10, 29),
        10,
        3,
        "Cumhuriyet Bayramı Resmî Töreni",
        "Tören",
        "meydan",
        "Cumhuriyetimizin kuruluş yıl dönümü kutlama töreni.",
    ),
    (
        (11, 10),
        9,
        1,
        "10 Kasım Atatürk'ü Anma Töreni",
        "Anma",
        "meydan",
        "Saat 09.05'te saygı duruşu ve çelenk sunumu.",
    ),
    (
        (11, 24),
        14,
        1,
        "Öğretmenler Günü Basın Açıklaması",
        "Basın Toplantısı",
        "basin",
        "Başkanımızın öğretmenlerimize mesajı.",
    ),
    (
        0,
        18,
        2,
        "Kadına Yönelik Şiddete Karşı Farkındalık Yürüyüşü",
        "Anma",
        "meydan",
        "25 Kasım öncesi farkındalık yürüyüşü.",
    ),
    (
        2,
        11,
        1,
        "Semt Pazarı Kapalı Alan Açılış Töreni",
        "Açılış",
        "meydan",
        "Yeni kapalı semt pazarı esnafımıza ve halkımıza hayırlı olsun.",
    ),
    (
        (12, 2),
        10,
        2,
        "Belediye Meclisi Aralık Olağan Toplantısı",
        "Meclis",
        "meclis",
        "Meclisin aralık ayı olağan toplantısı; halka açıktır.",
    ),
    (
        16,
        19,
        2,
        "Yeni Yıl Çocuk Tiyatrosu",
        "Kültür-Sanat",
        "kultur",
        "Çocuklar için ücretsiz tiyatro gösterisi.",
    ),
    (
        42,
        10,
        1,
        "Yılın İlk Basın Toplantısı",
        "Basın Toplantısı",
        "basin",
        "Başkanımız yeni yıl hedeflerini açıklıyor.",
    ),
    (
        52,
        14,
        2,
        "Gençlik Merkezi Temel Atma Töreni",
        "Tören",
        "park",
        "Gençlik merkezinin temeli atılıyor.",
    ),
    (
        75,
        19,
        2,
        "Kış Konseri: Türk Halk Müziği",
        "Kültür-Sanat",
        "kultur",
        "Halk müziği korosu konseri.",
    ),
    (
        (3, 8),
        10,
        2,
        "8 Mart Dünya Kadınlar Günü Programı",
        "Kültür-Sanat",
        "kultur",
        "Panel ve sergi.",
    ),
    (
        (3, 18),
        10,
        1,
        "18 Mart Çanakkale Zaferi Anma Töreni",
        "Anma",
        "meydan",
        "Çanakkale şehitlerimizi anıyoruz.",
    ),
    (150, 11, 2, "Kent Müzesi Açılışı", "Açılış", "kultur", "Kentimizin tarihi bir çatı altında."),
    (175, 18, 3, "Bahar Şenliği", "Kültür-Sanat", "park", "Konserler, atölyeler ve sergiler."),
]


def load(demo):
    categories = {
        name: EventCategory.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in CATEGORIES
    }
    index = demo.page(
        demo.home,
        EventIndexPage,
        "etkinlikler",
        title="Etkinlikler",
        intro=(
            "Belediyemizin törenleri, açılışları, basın toplantıları ve kültür-sanat etkinlikleri."
        ),
        programme_intro="Belediye Başkanımızın kamuya açık programı.",
        show_in_menus=True,
    )
    today = timezone.localdate()
    poster = demo.photo("Etkinlik Afişi", credit_line="Fotoğraf: Basın Birimi")
    for when, hour, hours, title, category, venue, summary in EVENTS:
        name, address, latitude, longitude = VENUES[venue]
        start = dt.datetime.combine(_demo_day(today, when), dt.time(hour), tzinfo=rules.ISTANBUL)
        demo.page(
            index,
            EventPage,
            slugify(title),
            title=title,
            summary=summary,
            start=start,
            end=start + dt.timedelta(hours=hours),
            venue=name,
            address=address,
            latitude=latitude,
            longitude=longitude,
            category=categories[category],
            organiser="Örnekköy Belediyesi Özel Kalem Müdürlüğü",
            contact="0 (232) 000 00 00 · ozelkalem@ornekkoy.bel.tr",
            lead_image=poster if when in (0, 2) else None,
            accessibility="Mekân tekerlekli sandalye ile erişime uygundur.",
            body=[("paragraph", f"<p>{summary} Tüm hemşehrilerimiz davetlidir.</p>")],
        )
    _special_events(demo, index, categories, today)
    call_command(
        "load_holidays", "--years", str(today.year), str(today.year + 1), stdout=io.StringIO()
    )
    _appointments(today)
    _mayors_office(demo, today)
    _protocol_list()
    _ceremony(today)
    _home_listing(demo, index)


def _demo_day(today, when):
    """A day offset from today, or a dated day ("10 Kasım") in the year around today, so
    a commemoration is shown on its own date whenever the demo is loaded."""
    if isinstance(when, int):
        return today + dt.timedelta(days=when)
    month, day = when
    candidates = [dt.date(today.year + shift, month, day) for shift in (-1, 0, 1)]
    return min(candidates, key=lambda candidate: abs((candidate - today).days - 1))


def _special_events(demo, index, categories, today):
    first_wednesday = today - dt.timedelta(days=today.weekday() - 2 + 7 * 12)
    start = dt.datetime.combine(first_wednesday, dt.time(18, 0), tzinfo=rules.ISTANBUL)
    kent_konseyi = demo.page(
        index,
        EventPage,
        "kent-konseyi-haftalik-toplantisi",
        title="Kent Konseyi Haftalık Toplantısı",
        summary="Kent Konseyi çalışma gruplarının haftalık toplantısı; herkese açıktır.",
        start=start,
        end=start + dt.timedelta(hours=2),
        repeat=rules.WEEKLY,
        repeat_interval=1,
        repeat_until=today + dt.timedelta(days=180),
        venue=VENUES["meclis"][0],
        address=VENUES["meclis"][1],
        category=categories["Kent Konseyi"],
        organiser="Örnekköy Kent Konseyi",
    )
    if not kent_konseyi.exceptions.exists():
        # No meeting in the new-year week.
        new_year = dt.date(today.year + 1, 1, 1)
        skipped = new_year + dt.timedelta(days=(2 - new_year.weekday()) % 7)
        kent_konseyi.exceptions.create(date=skipped)
        kent_konseyi.save_revision().publish()
    start = dt.datetime.combine(today + dt.timedelta(days=5), dt.time(15), tzinfo=rules.ISTANBUL)
    demo.page(
        index,
        EventPage,
        "sokak-sanatcilari-festivali",
        title="Sokak Sanatçıları Festivali",
        summary="Sokak sanatçıları üç gün boyunca meydanda.",
        start=start,
        end=start + dt.timedelta(days=2, hours=6),
        venue=VENUES["meydan"][0],
        address=VENUES["meydan"][1],
        category=categories["Kültür-Sanat"],
        status=rules.CANCELLED,
        status_note="Olumsuz hava koşulları nedeniyle festival iptal edilmiştir.",
    )
    start = dt.datetime.combine(today + dt.timedelta(days=20), dt.time(0), tzinfo=rules.ISTANBUL)
    demo.page(
        index,
        EventPage,
        "kitap-fuari",
        title="Örnekköy Kitap Fuarı",
        summary="Yayınevleri, söyleşiler ve imza günleri.",
        start=start,
        end=start + dt.timedelta(days=3, hours=23, minutes=59),
        all_day=True,
        venue=VENUES["kultur"][0],
        address=VENUES["kultur"][1],
        category=categories["Kültür-Sanat"],
    )


APPOINTMENTS = [
    # (hour, minutes long, visitor, institution, subject, public title or "")
    (9, 30, "Ahmet Kara", "Esnaf ve Sanatkârlar Odası", "Kapalı pazar yerleri", ""),
    (
        10,
        60,
        "Muhtarlar",
        "Mahalle muhtarları",
        "Mahalle sorunları toplantısı",
        "Muhtarlar toplantısı",
    ),
    (14, 45, "Elif Şahin", "Örnekköy Lisesi", "Okul bahçesi düzenlemesi", ""),
    (
        16,
        60,
        "Vali Yardımcısı",
        "Valilik",
        "Kış tedbirleri koordinasyonu",
        "Valilik kış tedbirleri koordinasyon toplantısı",
    ),
]


def _appointments(today):
    monday = today - dt.timedelta(days=today.weekday())
    for day_number in range(14):
        day = monday + dt.timedelta(days=day_number)
        if day.weekday() >= 5:
            continue
        for number, (hour, minutes, visitor, institution, subject, public) in enumerate(
            APPOINTMENTS
        ):
            if (day_number + number) % 3 == 2:
                continue  # a lighter agenda on some days
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=rules.ISTANBUL)
            Appointment.objects.get_or_create(
                visitor=visitor,
                start=start,
                defaults={
                    "end": start + dt.timedelta(minutes=minutes),
                    "institution": institution,
                    "subject": subject,
                    "place": "Başkanlık Makamı",
                    "requested_by": "Özel Kalem",
                    "status": APPROVED if day <= today + dt.timedelta(days=7) else REQUESTED,
                    "confidential_notes": "Dosya hazırlanacak; görüşme notu tutulacak.",
                    "is_public": bool(public),
                    "public_title": public,
                    "public_place": "Belediye Hizmet Binası" if public else "",
                },
            )


def _home_listing(demo, index):
    home = demo.home.specific
    if any(
        block.block_type == "listing" and block.value.get("page_type") == "events.eventpage"
        for block in home.body
    ):
        return
    home.body = [
        *home.body.raw_data,
        {
            "type": "listing",
            "value": {
                "title": "Yaklaşan etkinlikler",
                "page_type": "events.eventpage",
                "section": index.pk,
                "limit": 4,
                "order": "natural",
                "layout": "cards",
                "more_link": index.pk,
            },
        },
    ]
    home.save_revision().publish()


def load_lobby_screen(demo):
    """The lobby screen of the service building: after the press and archive demos, whose
    announcements and albums it shows."""
    from django.apps import apps

    from .models import LobbyScreenPage

    def first(app_label, model_name):
        return apps.get_model(app_label, model_name).objects.live().first()

    demo.page(
        demo.home,
        LobbyScreenPage,
        "bilgi-ekrani",
        title="Bilgi Ekranı – Hizmet Binası",
        calendar=first("events", "EventIndexPage"),
        announcements=first("press", "AnnouncementIndexPage"),
        photo_archive=first("archive", "PhotoArchiveIndexPage"),
        announcement_count=3,
    )


# -- the mayor's office: appointment requests and protocol ---------------------------------

KVKK_NOTICE = (
    "<p>6698 sayılı Kişisel Verilerin Korunması Kanunu uyarınca, bu formla verdiğiniz ad, "
    "iletişim bilgileri ve talep konusu yalnızca randevu talebinizin değerlendirilmesi ve "
    "size cevap verilmesi amacıyla Örnekköy Belediyesi Özel Kalem Müdürlüğünce işlenir; "
    "talebiniz sonuçlandıktan sonra belirlenen süre dolunca silinir. KVKK md. 11'deki "
    "haklarınız için kvkk@ornekkoy.bel.tr adresine yazabilirsiniz.</p>"
)

# (name, institution, subject, days ahead preferred, decision)
REQUESTS = [
    ("Ayşe Yılmaz", "", "Mahallemizdeki parkın bakımı hakkında görüşmek istiyoruz.", 6, None),
    ("Mehmet Kara", "Esnaf Odası", "Çarşı esnafının otopark sorunu.", 8, "degerlendir"),
    ("Fatma Şen", "Örnek Derneği", "Derneğimizin yıllık etkinliğine davet.", 10, "kabul"),
    ("Ali Demir", "", "Kaldırım onarımı talebi.", 5, "havale"),
    ("Hüseyin Ak", "", "Kişisel bir konu.", 4, "ret"),
]


def _mayors_office(demo, today):
    from . import appointment_requests
    from .models import (
        AppointmentRequest,
        AppointmentRequestPage,
        BudgetAllocation,
        Expense,
        Gift,
        Visit,
    )

    demo.page(
        demo.home,
        AppointmentRequestPage,
        "randevu-talebi",
        title="Başkandan Randevu Talebi",
        intro="Belediye Başkanımızla görüşmek için talebinizi bu formla iletebilirsiniz.",
        kvkk_notice=KVKK_NOTICE,
        thanks="Talebiniz Özel Kalem Müdürlüğünce en geç bir hafta içinde değerlendirilir.",
        show_in_menus=True,
    )
    for name, institution, subject, days, decision in REQUESTS:
        if AppointmentRequest.objects.filter(name=name, subject=subject).exists():
            continue
        record = appointment_requests.register(
            AppointmentRequest(
                name=name,
                institution=institution,
                subject=subject,
                email=f"{slugify(name)}@example.com",
                # Citizens who wrote on the site gave a mobile number: they get SMS too.
                phone="" if institution else "0555 000 00 00",
                preferred_date=today + dt.timedelta(days=days),
                channel="web" if not institution else "yazi",
                consent_at=timezone.now() if not institution else None,
            )
        )
        if decision == "degerlendir":
            appointment_requests.start_evaluation(record, user=None)
        elif decision == "kabul":
            start = dt.datetime.combine(
                today + dt.timedelta(days=days), dt.time(14, 30), tzinfo=rules.ISTANBUL
            )
            appointment_requests.accept(
                record,
                start=start,
                end=start + dt.timedelta(minutes=30),
                place="Başkanlık Makamı",
                user=None,
            )
        elif decision == "havale":
            appointment_requests.refer(
                record, directorate="Fen İşleri Müdürlüğü", note="Kaldırım onarımı", user=None
            )
        elif decision == "ret":
            appointment_requests.decline(
                record, reason="Konu Başkanlık makamının görev alanında değildir.", user=None
            )

    visit, _created = Visit.objects.get_or_create(
        title="Batum Belediyesi heyetinin ziyareti",
        defaults={
            "kind": "ziyaret",
            "start": today - dt.timedelta(days=3),
            "end": today - dt.timedelta(days=2),
            "institution": "Batum Belediyesi",
            "country": "Gürcistan",
            "delegation_head": "Batum Belediye Başkan Yardımcısı",
            "members": "Belediye Meclis Üyesi\nKültür Müdürü\nTercüman",
            "protocol_order": "Belediye Başkanı\nBatum Belediye Başkan Yardımcısı\n"
            "Belediye Meclis Üyeleri",
            "purpose": "Kardeş şehir protokolünün yenilenmesi",
            "hosts": "Belediye Başkanı, Özel Kalem Müdürü",
            "interpreter": "Nino Beridze",
            "programme": "10.00 Makam ziyareti\n11.00 Protokol imzası\n13.00 Öğle yemeği",
        },
    )
    Gift.objects.get_or_create(
        description="Örnekköy şehir plaketi",
        defaults={
            "direction": "verilen",
            "kind": "plaket",
            "counterpart": "Batum Belediye Başkan Yardımcısı",
            "date": visit.start,
            "occasion": "Kardeş şehir ziyareti",
            "visit": visit,
            "cost": Decimal("2450.00"),
        },
    )
    Gift.objects.get_or_create(
        description="El yapımı seramik vazo",
        defaults={
            "direction": "alinan",
            "kind": "hediye",
            "counterpart": "Batum Belediyesi",
            "date": visit.start,
            "occasion": "Kardeş şehir ziyareti",
            "visit": visit,
            "value": Decimal("3500.00"),
        },
    )
    costs = [
        (visit.start, rules.HOSPITALITY, "Sahil Lokantası", "Heyet öğle yemeği", "12450.00", 10),
        (visit.start, rules.REPRESENTATION, "Çiçekçi Gül", "Karşılama çiçekleri", "850.00", 20),
        (
            today - dt.timedelta(days=40),
            rules.CEREMONY,
            "Ses Işık Ltd.",
            "29 Ekim töreni ses sistemi",
            "18000.00",
            20,
        ),
    ]
    trip, _created = Visit.objects.get_or_create(
        title="Kardeş şehir Köln ziyareti",
        defaults={
            "kind": "gezi",
            "start": today - dt.timedelta(days=20),
            "end": today - dt.timedelta(days=17),
            "institution": "Köln Belediyesi",
            "country": "Almanya",
            "destination": "Köln, Almanya",
            "participants": "Belediye Başkanı\nÖzel Kalem Müdürü\nKültür Müdürü",
            "purpose": "Kardeş şehir protokolünün 10. yılı ve gençlik değişim programı",
            "hosts": "Köln Belediye Başkanı",
            "programme": "1. gün: varış\n2. gün: protokol töreni\n3. gün: gençlik merkezi\n"
            "4. gün: dönüş",
        },
    )
    costs.append(
        (
            trip.start,
            rules.REPRESENTATION,
            "Örnek Turizm",
            "Köln gezisi uçak biletleri",
            "42000.00",
            20,
        )
    )
    # A gift received abroad above the declaration threshold, not yet handed over to the
    # municipality: on the office's dashboard with its last day (3628 md. 3).
    Gift.objects.get_or_create(
        description="Altın kaplama Köln şehir anahtarı",
        defaults={
            "direction": "alinan",
            "kind": "hediye",
            "counterpart": "Köln Belediye Başkanı",
            "date": trip.start,
            "occasion": "Kardeş şehir protokolünün 10. yılı",
            "visit": trip,
            "value": Decimal("250000.00"),
        },
    )
    # This year's budget per line (what the costs list and the summary count against).
    budgets = {
        rules.REPRESENTATION: "250000.00",
        rules.HOSPITALITY: "400000.00",
        rules.CEREMONY: "300000.00",
    }
    for line, amount in budgets.items():
        BudgetAllocation.objects.get_or_create(
            year=today.year,
            budget_line=line,
            defaults={"amount": Decimal(amount), "note": "Meclis bütçe kararı"},
        )
    for day, line, supplier, description, net, rate in costs:
        Expense.objects.get_or_create(
            supplier=supplier,
            description=description,
            defaults={
                "date": day,
                "budget_line": line,
                "net_amount": Decimal(net),
                "vat_rate": Decimal(rate),
                "visit": (trip if "Köln" in description else visit)
                if line != rules.CEREMONY
                else None,
                "paid": line == rules.CEREMONY,
            },
        )


# An illustrative local protocol list (the Valilik's list governs; names invented).
PROTOCOL_LIST = [
    (1, "Vali", "Ahmet Yıldırım"),
    (2, "Belediye Başkanı", "Zeynep Aydın"),
    (3, "Garnizon Komutanı", "Tuğgeneral Murat Öztürk"),
    (4, "Milletvekili", "Hasan Çelik"),
    (5, "Cumhuriyet Başsavcısı", "Elif Koç"),
    (6, "Vali Yardımcısı", "Kemal Arslan"),
    (7, "İl Jandarma Komutanı", "Albay Serkan Doğan"),
    (8, "İl Emniyet Müdürü", "Burak Şahin"),
    (9, "İl Müftüsü", "Mustafa Kaya"),
    (10, "Belediye Meclis Üyeleri", ""),
]


def _protocol_list():
    from .models import ProtocolOffice

    for rank, office, holder in PROTOCOL_LIST:
        ProtocolOffice.objects.get_or_create(
            office=office, defaults={"rank": rank, "holder": holder}
        )


def _ceremony(today):
    """The next Cumhuriyet Bayramı ceremony with a few invitees and their replies."""
    from .models import Ceremony, Invitation, ProtocolOffice

    year = today.year if today < dt.date(today.year, 10, 29) else today.year + 1
    ceremony, created = Ceremony.objects.get_or_create(
        title=f"Cumhuriyet Bayramı Resmi Töreni {year}",
        defaults={
            "kind": rules.STATE_CEREMONY,
            "start": dt.datetime(year, 10, 29, 9, 30, tzinfo=rules.ISTANBUL),
            "place": "Cumhuriyet Meydanı, Atatürk Anıtı",
            "notes": "Çelenk sunma, saygı duruşu ve İstiklal Marşı; ardından geçit töreni.",
        },
    )
    if not created:
        return
    ceremony.add_standard_checklist()
    ceremony.tasks.filter(sort_order__lt=3).update(done=True)
    offices = {office.office: office for office in ProtocolOffice.objects.all()}
    invitees = [
        ("Vali", "", rules.ATTENDING, "", True),
        ("Belediye Başkanı", "", rules.ATTENDING, "", True),
        ("Garnizon Komutanı", "", rules.STAND_IN, "Albay Kerem Yalçın", False),
        ("Milletvekili", "", rules.NOT_ATTENDING, "", False),
        ("İl Müftüsü", "", rules.ATTENDING, "", False),
        ("Cumhuriyet Başsavcısı", "", rules.INVITED, "", False),
        ("", "Kore Gazisi Ali Usta", rules.ATTENDING, "", False),
    ]
    # Two invitations go out through Kalem (the Vali's by letter through the register, the
    # veteran's by e-mail) when the clerk presses "Send"; the rest are handed over.
    sending = {
        "Vali": {"send_by": "yazi", "address": "İzmir Valiliği, Konak / İzmir"},
        "Kore Gazisi Ali Usta": {"send_by": "eposta", "email": "ali.usta@example.com"},
    }
    for number, (office, guest, reply, stand_in, speaks) in enumerate(invitees):
        invitation = Invitation.objects.create(
            ceremony=ceremony,
            sort_order=number,
            office=offices.get(office),
            guest=guest,
            # Every invitee first stands "invited"; the reply that came later is a change
            # the invitation's history keeps (the ceremony's replies screen shows both).
            reply=rules.INVITED,
            speaks=speaks,
            **sending.get(office or guest, {}),
        )
        if reply != rules.INVITED:
            invitation.reply = reply
            invitation.stand_in = stand_in
            invitation.save()
