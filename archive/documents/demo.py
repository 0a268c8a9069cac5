"""Demo archive: an archivist and a three-member disposal commission, retention rules for
the office's codes, documents across codes, levels and retention states (one with two
versions, one on hold, one filed from the register), and a disposal list waiting for the
commission with one signature (registered through archive/demo.py)."""

import datetime as dt
import hashlib

from django.contrib.auth import get_user_model
from django.utils import timezone

from archive.correspondence.models import SdpCode
from cms import handover
from cms.confidentiality import Level
from cms.models import Clearance, HandoverReason
from cms.pdf import html_to_pdf
from cms.roles import ARCHIVIST, CLERK, DISPOSAL_COMMISSION

from . import disposal, files, retrieval, rules
from .models import (
    ArchivedDocument,
    GivenAs,
    Hold,
    ListKind,
    Outcome,
    RetentionRule,
    RetrievalRequest,
)
from .tasks import extract_text

User = get_user_model()

RULES = [
    # code, years in the unit, years in the institution, outcome
    ("040.01", 2, 5, Outcome.DISPOSE),  # weekly activity reports
    ("040.02", 2, 8, Outcome.DISPOSE),
    ("041.02", 1, 4, Outcome.DISPOSE),  # information notes
    ("050.01", 5, 10, Outcome.TRANSFER),  # council meetings: to the State Archives
    ("030.03", 5, 5, Outcome.REVIEW),  # protocols: assessed by the commission
]

DOCUMENTS = [
    # title, code, date, level, paper location (building, room, cabinet, shelf, box)
    ("2015 yılı 12. hafta faaliyet raporu", "040.01", dt.date(2015, 3, 20), Level.UNCLASSIFIED),
    ("2016 Ocak ayı faaliyet raporu", "040.02", dt.date(2016, 2, 3), Level.UNCLASSIFIED),
    ("Kent Konseyi çalışma grubu bilgi notu", "041.02", dt.date(2017, 6, 12), Level.RESTRICTED),
    ("Sayıştay denetimi bilgi notu", "041.02", dt.date(2018, 4, 2), Level.SECRET),
    ("Belediye Meclisi Mart oturumu gündemi", "050.01", dt.date(2019, 3, 1), Level.UNCLASSIFIED),
    ("Kardeş şehir protokolü", "030.03", dt.date(2021, 9, 15), Level.UNCLASSIFIED),
    ("2024 yılı 18. hafta faaliyet raporu", "040.01", dt.date(2024, 5, 10), Level.UNCLASSIFIED),
    ("Mahalle muhtarları toplantısı bilgi notu", "041.02", dt.date(2025, 11, 4), Level.RESTRICTED),
]


def _pdf(title, body):
    return html_to_pdf(f"<html><body><h1>{title}</h1><p>{body}</p></body></html>")


def _store(document, data, user, note=""):
    version = files.add_version(
        document,
        data,
        name="tarama.pdf",
        content_type="application/pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        user=user,
        note=note,
    )
    extract_text.call(version.pk)  # the demo needs no worker to be searchable
    return version


def load(demo):
    if ArchivedDocument.objects.exists():
        return
    archivist = demo.user(
        "arsiv",
        "kalem-arsiv",
        groups=[ARCHIVIST],
        first_name="Elif",
        last_name="Arslan",
        email="arsiv@ornekkoy.bel.tr",
    )
    Clearance.objects.update_or_create(user=archivist, defaults={"level": Level.SECRET})
    members = [
        demo.user(
            f"komisyon{n}",
            f"kalem-komisyon{n}",
            groups=[DISPOSAL_COMMISSION],
            first_name=first,
            last_name=last,
            email=f"komisyon{n}@ornekkoy.bel.tr",
        )
        for n, (first, last) in enumerate(
            [("Ali", "Koç"), ("Selin", "Öztürk"), ("Murat", "Şahin")], start=1
        )
    ]
    for code, unit, institution, outcome in RULES:
        sdp = SdpCode.objects.filter(code=code).first()
        if sdp is not None:
            RetentionRule.objects.get_or_create(
                sdp_code=sdp,
                defaults={"unit_years": unit, "institution_years": institution, "outcome": outcome},
            )
    documents = []
    for index, (title, code, date, level) in enumerate(DOCUMENTS):
        document = ArchivedDocument(
            title=title,
            sdp_code=SdpCode.objects.get(code=code),
            document_date=date,
            confidentiality=level,
            keywords="faaliyet, rapor" if code.startswith("040") else "",
            building="Hizmet Binası",
            room="B-12 Birim Arşivi",
            cabinet=f"D{index % 3 + 1}",
            shelf=str(index % 4 + 1),
            box=f"K-{2000 + index}",
            created_by=archivist,
        )
        document._history_user = archivist
        document.save()
        _store(
            document, _pdf(title, f"{title}. Örnekköy Belediyesi Özel Kalem Müdürlüğü."), archivist
        )
        documents.append(document)

    # A corrected scan as version 2 of the latest weekly report.
    report = documents[6]
    _store(
        report,
        _pdf(report.title, "Düzeltilmiş tarama: kanalizasyon ve park çalışmaları eklendi."),
        archivist,
        note="Eksik sayfa eklendi",
    )
    # The audit note is in a lawsuit: on hold, so never proposed.
    Hold.objects.create(
        document=documents[3],
        reason="dava",
        note="İzmir 2. İdare Mahkemesi 2026/311 E.",
        placed_by=archivist,
    )
    # Retrieval: the Müdür asked for the council agenda (the original, out past its due
    # day) and for a copy of the twinning protocol; a clerk's request waits.
    head = User.objects.filter(username="mudur").first() or archivist
    clerk = User.objects.filter(username="evrak").first() or archivist
    late = retrieval.request(
        documents[4], requester=head, purpose="Meclis sunumu için", user=archivist
    )
    retrieval.give(late, given_as=GivenAs.ORIGINAL, user=archivist)
    # Given a month ago (demo data: dated back directly, outside the history).
    month_ago = timezone.now() - dt.timedelta(days=30)
    RetrievalRequest.objects.filter(pk=late.pk).update(
        requested_at=month_ago,
        given_at=month_ago,
        due_on=rules.loan_due(timezone.localdate(month_ago), retrieval.loan_days()),
    )
    copy = retrieval.request(
        documents[5], requester=head, purpose="Kardeş şehir ziyareti", user=archivist
    )
    retrieval.give(copy, given_as=GivenAs.COPY, user=archivist)
    retrieval.request(documents[6], requester=clerk, purpose="Bilgi edinme başvurusu", user=clerk)

    # Devir teslim: a clerk moving to another directorate hands over the original they
    # borrowed and the document they filed; both have signed, the
    # Müdür's sign-off is waiting.
    moving = demo.user(
        "evrak2",
        "kalem-evrak2",
        groups=[CLERK],
        first_name="Can",
        last_name="Aydın",
        email="evrak2@ornekkoy.bel.tr",
    )
    borrowed = retrieval.request(
        documents[1], requester=moving, purpose="Yıllık rapor hazırlığı", user=moving
    )
    retrieval.give(borrowed, given_as=GivenAs.ORIGINAL, user=archivist)
    filed = ArchivedDocument(
        title="Muhtarlar toplantısı katılım listesi",
        sdp_code=SdpCode.objects.get(code="041.02"),
        document_date=dt.date(2026, 10, 6),
        created_by=moving,
    )
    filed._history_user = moving
    filed.save()
    done = handover.perform(
        moving, clerk, reason=HandoverReason.MOVING, note="Yazı İşleri'ne atandı", user=head
    )
    handover.sign(done, user=moving)
    handover.sign(done, user=clerk)

    # The commission has the proposed list; one member has signed.
    due = disposal.proposal()
    if not due.exists():
        demo.write(f"Arşiv: {ArchivedDocument.objects.count()} belge.")
        return
    listing = disposal.propose(ListKind.DISPOSAL, due, user=archivist)
    disposal.sign(listing, user=members[0])
    demo.write(
        f"Arşiv: {ArchivedDocument.objects.count()} belge, imha listesi {listing.number} "
        f"({listing.items.count()} belge, komisyonun imzasını bekliyor)."
    )
