"""Demo register: records of every direction, kind and level with routings, threads,
attachments and a stand-in, so the admin shows real work (registered in admin.py)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from cms.confidentiality import Level
from cms.models import Clearance
from cms.roles import CLERK

from . import bulk, routing, tekit
from .letters import TEMPLATES_BY_SLUG, issued_letter
from .models import (
    Attachment,
    Channel,
    Correspondence,
    Direction,
    DistributionGroup,
    DistributionGroupMember,
    Kind,
    PartyKind,
    SdpCode,
    StandIn,
    Status,
    Urgency,
)

INSTITUTIONS = [
    ("İzmir Valiliği", "10000001", "izmirvaliligi@hs01.kep.tr"),
    ("Ege Üniversitesi Rektörlüğü", "10000002", "egeuniversitesi@hs01.kep.tr"),
    ("İçişleri Bakanlığı Mahalli İdareler Genel Müdürlüğü", "10000003", "mahalli@hs01.kep.tr"),
    ("Karşıyaka Belediyesi", "10000004", "karsiyakabelediyesi@hs01.kep.tr"),
    ("Sayıştay Başkanlığı", "10000005", "sayistay@hs01.kep.tr"),
]
PEOPLE = [
    ("Mehmet Kaya", "10000000146"),
    ("Elif Şahin", ""),
    ("Ahmet Öztürk", ""),
    ("Fatma Arslan", ""),
]
SUBJECTS = {
    Kind.OFFICIAL: [
        "Kent Konseyi toplantısı",
        "Bütçe uygulama talimatı",
        "Personel görevlendirmesi",
    ],
    Kind.PETITION: ["Sokak aydınlatması talebi", "Kaldırım onarımı", "Park bakımı"],
    Kind.INFORMATION_REQUEST: ["Otopark ücretleri", "İhale sözleşmesi örneği", "Araç sayısı"],
    Kind.CIMER: ["Gürültü şikâyeti", "Çöp toplama saatleri"],
    Kind.HIM: ["Su kesintisi bildirimi", "Başıboş köpek ihbarı"],
    Kind.CALL_CENTRE: ["Otobüs seferleri", "Nikâh salonu randevusu"],
    Kind.INVITATION: ["Cumhuriyet Bayramı resepsiyonu", "Kent ödülleri töreni"],
    Kind.CONGRATULATION: ["Ramazan Bayramı tebriki", "Yeni görev tebriki"],
    Kind.THANKS: ["Fidan bağışı teşekkürü"],
    Kind.CONDOLENCE: ["Taziye"],
    Kind.PRESS_REQUEST: ["Röportaj talebi", "Fotoğraf talebi"],
    Kind.OTHER: ["Bilgi notu"],
}
INCOMING_KINDS = [
    Kind.OFFICIAL,
    Kind.PETITION,
    Kind.INFORMATION_REQUEST,
    Kind.CIMER,
    Kind.HIM,
    Kind.CALL_CENTRE,
    Kind.INVITATION,
    Kind.PRESS_REQUEST,
    Kind.OTHER,
]
OUTGOING_KINDS = [Kind.OFFICIAL, Kind.CONGRATULATION, Kind.THANKS, Kind.CONDOLENCE, Kind.INVITATION]
CHANNEL_OF = {
    Kind.CIMER: Channel.CIMER,
    Kind.HIM: Channel.PHONE,
    Kind.CALL_CENTRE: Channel.PHONE,
    Kind.INFORMATION_REQUEST: Channel.WEB_FORM,
    Kind.PETITION: Channel.HAND,
    Kind.PRESS_REQUEST: Channel.EMAIL,
}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def _party(rng, kind):
    if kind in (Kind.OFFICIAL, Kind.INVITATION, Kind.CONGRATULATION, Kind.CONDOLENCE):
        name, detsis, kep = rng.choice(INSTITUTIONS)
        return {
            "party_kind": PartyKind.INSTITUTION,
            "party_name": name,
            "party_detsis": detsis,
            "party_kep": kep,
        }
    name, tc = rng.choice(PEOPLE)
    return {"party_kind": PartyKind.PERSON, "party_name": name, "party_tc_kimlik": tc}


def load(demo):
    # Letters other apps issued through the one register (tekzip) do not count.
    if Correspondence.objects.filter(source="").exists():
        return
    User = get_user_model()
    clerk = User.objects.filter(username="evrak").first()
    head = User.objects.filter(username="mudur").first()
    if clerk is None or head is None:
        return
    second = demo.user(
        "evrak2",
        "kalem-evrak2",
        groups=[CLERK],
        first_name="Emre",
        last_name="Aydın",
        email="evrak2@ornekkoy.bel.tr",
    )
    Clearance.objects.update_or_create(user=clerk, defaults={"level": Level.SECRET})
    Clearance.objects.update_or_create(user=second, defaults={"level": Level.RESTRICTED})
    today = timezone.localdate()
    StandIn.objects.create(
        user=second,
        stand_in=clerk,
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=40),
        note="Yıllık izin",
    )
    group = DistributionGroup.objects.create(name="İlçe belediye başkanları")
    for name, detsis, kep in INSTITUTIONS[3:4] + [("Bornova Belediyesi", "10000006", "")]:
        DistributionGroupMember.objects.create(
            group=group, name=name, detsis=detsis, kep=kep, title="Belediye Başkanı"
        )
    rng = random.Random(13)
    codes = list(SdpCode.objects.filter(code__contains="."))
    levels = list(Level)
    incoming = []
    for index in range(24):
        kind = INCOMING_KINDS[index % len(INCOMING_KINDS)]
        level = levels[index % len(levels)] if index % 3 == 0 else Level.UNCLASSIFIED
        received = today - dt.timedelta(days=rng.randint(0, 35))
        record = Correspondence(
            direction=Direction.INCOMING,
            kind=kind,
            channel=CHANNEL_OF.get(kind, rng.choice([Channel.KEP, Channel.POST, Channel.EYAZISMA])),
            subject=rng.choice(SUBJECTS[kind]),
            summary="Başvuru sahibi konuyla ilgili bilgi ve işlem istemektedir.",
            received_on=received,
            sender_number=f"E-{rng.randint(10000000, 99999999)}-010.06-{rng.randint(1, 9999)}"
            if kind == Kind.OFFICIAL
            else "",
            sender_date=received - dt.timedelta(days=2) if kind == Kind.OFFICIAL else None,
            sdp_code=rng.choice(codes),
            confidentiality=level,
            personal=index == 9,
            personal_to=clerk if index == 9 else None,
            urgency=Urgency.DATED
            if index == 4
            else (Urgency.URGENT if index % 7 == 0 else Urgency.NORMAL),
            urgency_date=received + dt.timedelta(days=5) if index == 4 else None,
            owner=clerk,
            **_party(rng, kind),
        )
        record._history_user = clerk
        record.save()
        if index % 4 != 3 and level <= Level.SECRET:
            routing.route(
                record,
                by=clerk,
                to_users=[
                    clerk
                    if level == Level.SECRET or record.personal
                    else rng.choice([clerk, second])
                ],
                note="Gereğini rica ederim.",
            )
        if index % 5 == 0:
            Attachment(
                correspondence=record,
                label="EK-1",
                description="Taranmış evrak",
                original_name="tarama.pdf",
                content_type="application/pdf",
                size=len(PDF),
                uploaded_by=clerk,
                file=ContentFile(PDF, name="tarama.pdf"),
            ).save()
        if index == 11:
            record.move_to(Status.CANCELLED, user=clerk, reason="Mükerrer kayıt.")
        incoming.append(record)
    outgoing_count = 0
    for index in range(12):
        kind = OUTGOING_KINDS[index % len(OUTGOING_KINDS)]
        party = _party(rng, kind)
        body = "Bilgilerinize arz ederim."
        if kind == Kind.CONGRATULATION:
            _, body = TEMPLATES_BY_SLUG["bayram-tebrik"].fill(
                {"ad": party["party_name"], "unvan": "", "bayram": "Ramazan Bayramı"}
            )
        answered = (
            incoming[index] if index < 6 and incoming[index].status != Status.CANCELLED else None
        )
        record = Correspondence(
            direction=Direction.INTERNAL if index == 11 else Direction.OUTGOING,
            kind=kind,
            channel=Channel.KEP if party["party_kind"] == PartyKind.INSTITUTION else Channel.POST,
            subject=rng.choice(SUBJECTS[kind]),
            body=body,
            signatory_name="Hasan Çelik",
            signatory_title="Özel Kalem Müdürü",
            sdp_code=rng.choice(codes),
            confidentiality=levels[index % len(levels)] if index % 4 == 0 else Level.UNCLASSIFIED,
            answer_to=answered,
            owner=clerk,
            live=False,
            **party,
        )
        record.save()
        if answered is not None:
            record.references.add(answered)
        revision = record.save_revision(user=clerk)
        if index % 3 != 2:
            revision.publish(user=head)
            outgoing_count += 1
    load_letters(group, clerk, head, codes[0], today)
    demo.write(
        f"Evrak: {Correspondence.objects.count()} kayıt ({outgoing_count} numaralı giden yazı)."
    )
    # Approval gave each numbered letter a verification code; keep one letter's PDF as
    # issued, so /belge-dogrula/ shows its SHA-256 too.
    sample = (
        Correspondence.objects.filter(
            direction=Direction.OUTGOING, confidentiality=Level.UNCLASSIFIED, personal=False
        )
        .exclude(verification_code="")
        .order_by("pk")
        .first()
    )
    if sample is not None:
        issued_letter(sample, head)
        demo.write(
            f"Belge doğrulama: /belge-dogrula/?kod={sample.verification_code} ({sample.number})."
        )


def load_letters(group, clerk, head, code, today):
    """A request the Valilik left unanswered and the tekit drafted for it, and a bayram
    greeting to the district mayors approved as one batch (its PDFs build in the
    background; the progress screen shows them)."""
    name, detsis, kep = INSTITUTIONS[0]
    request = Correspondence(
        direction=Direction.OUTGOING,
        kind=Kind.OFFICIAL,
        channel=Channel.KEP,
        subject="Mahalle muhtarlıklarının hizmet binaları hakkında bilgi talebi",
        body="Mahalle muhtarlıklarının hizmet binalarına ilişkin bilgilerin iletilmesini "
        "rica ederim.",
        party_kind=PartyKind.INSTITUTION,
        party_name=name,
        party_detsis=detsis,
        party_kep=kep,
        sdp_code=code,
        due_on=today - dt.timedelta(days=5),
        signatory_name="Hasan Çelik",
        signatory_title="Özel Kalem Müdürü",
        owner=clerk,
        live=False,
    )
    request.save()
    request.save_revision(user=clerk).publish(user=head)
    request.refresh_from_db()
    tekit.draft_tekit(request, user=clerk)
    batch, _ = bulk.create_batch(
        TEMPLATES_BY_SLUG["bayram-tebrik"],
        group,
        {"bayram": "Cumhuriyet Bayramı"},
        sdp_code=code,
        user=clerk,
        signatory_name="Hasan Çelik",
        signatory_title="Belediye Başkanı",
    )
    bulk.approve_batch(batch, head)
