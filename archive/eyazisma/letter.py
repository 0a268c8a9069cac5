"""A letter as the e-Yazışma standard describes it: plain dataclasses, no Django models.

The field names follow the standard's element names (Ustveri, Tipler-2 schema) where a
clerk knows them under that name (Konu, Sayı, Miat), so the mapping to the XML stays
readable. Codes are the standard's own (EY-KodGuvenlik-2, EY-KodIvedilik-2,
EY-KodDagitimTuru-2, EY-KodEkTuru-2).
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class GuvenlikKodu(StrEnum):
    """Confidentiality code of the letter (EY-KodGuvenlik-2.xsd)."""

    YOK = "YOK"  # Tasnif Dışı: the standard's code is "YOK" (none), not "TDY"
    HZO = "HZO"  # Hizmete Özel
    OZL = "OZL"  # Özel: dropped in rehber 2.1, still read from older packages, never written
    GZL = "GZL"  # Gizli
    CGZ = "CGZ"  # Çok Gizli

    @property
    def is_confidential(self):
        return self is not GuvenlikKodu.YOK


# Kalem's confidentiality levels (DESIGN.md: the 2022 regulation's three levels plus
# Tasnif Dışı) by their usual slugs, for the register to map its field without knowing codes.
GUVENLIK_KODU_BY_LEVEL = {
    "tasnif_disi": GuvenlikKodu.YOK,
    "hizmete_ozel": GuvenlikKodu.HZO,
    "gizli": GuvenlikKodu.GZL,
    "cok_gizli": GuvenlikKodu.CGZ,
}


class Ivedilik(StrEnum):
    """Urgency of one recipient's copy (EY-KodIvedilik-2.xsd)."""

    NRM = "NRM"  # Normal
    ACL = "ACL"  # Acele
    GNL = "GNL"  # Günlüdür: answer within the Miat


class DagitimTuru(StrEnum):
    """Whether a recipient acts on the letter (gereği) or is informed (bilgi)."""

    GRG = "GRG"
    BLG = "BLG"


class EkTuru(StrEnum):
    """Kind of an attachment (EY-KodEkTuru-2.xsd)."""

    DED = "DED"  # Dahili Elektronik Dosya: a file inside the package
    HRF = "HRF"  # Harici Referans: a link
    FZK = "FZK"  # Fiziksel Nesne: sent separately on paper or as an object


@dataclass(frozen=True)
class Kurum:
    """A public institution (KurumKurulus), known by its DETSİS number (the KKK element)."""

    detsis: str
    adi: str = ""
    kep_adresi: str = ""
    birim_detsis: str = ""
    eposta: str = ""


@dataclass(frozen=True)
class GercekKisi:
    """A natural person (GercekSahis): a citizen as recipient, or the signer."""

    ilk_adi: str
    soyadi: str
    unvan: str = ""
    gorev: str = ""
    tckn: str = ""
    kep_adresi: str = ""
    eposta: str = ""

    @property
    def full_name(self):
        return f"{self.ilk_adi} {self.soyadi}".strip()


@dataclass(frozen=True)
class TuzelKisi:
    """A legal person that is not a public institution (TuzelSahis): a company, a society."""

    kimlik: str
    adi: str = ""
    kep_adresi: str = ""
    eposta: str = ""


Taraf = Kurum | GercekKisi | TuzelKisi


@dataclass(frozen=True)
class Dagitim:
    """One recipient in the distribution list, with its urgency and deadline."""

    taraf: Taraf
    tur: DagitimTuru = DagitimTuru.GRG
    ivedilik: Ivedilik = Ivedilik.NRM
    miat: timedelta | None = None


@dataclass(frozen=True)
class Sdp:
    """A Standard File Plan (Standart Dosya Planı) code, e.g. 010.03 with its name."""

    kod: str
    ad: str
    aciklama: str = ""


@dataclass(frozen=True)
class Ek:
    """An attachment: a file in the package (DED), a link (HRF) or a physical object (FZK).

    `dosya_adi` is the name the sender gave the file; the part name in the package is
    derived from it but made safe (ASCII, no folders).
    """

    ad: str
    tur: EkTuru = EkTuru.DED
    dosya_adi: str = ""
    mime_turu: str = ""
    aciklama: str = ""
    referans: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()).upper())
    imzali: bool = True


@dataclass(frozen=True)
class Ilgi:
    """A referenced earlier letter (İlgi a, b, …)."""

    etiket: str
    belge_no: str = ""
    tarih: datetime | None = None
    ad: str = ""
    aciklama: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()).upper())


@dataclass(frozen=True)
class Imza:
    """Who signed the letter, as NihaiUstveri/BelgeImzalar records it."""

    imzalayan: GercekKisi
    makam: str = ""
    amac: str = ""
    tarih: datetime | None = None


@dataclass
class Letter:
    """An official letter's metadata: what Ustveri and NihaiUstveri carry.

    `sayi` and `tarih` are given at approval (since rehber 2.0 they live in NihaiUstveri,
    not in the draft's Ustveri). `tarih` is timezone-aware.
    """

    konu: str
    olusturan: Taraf
    dagitim: list[Dagitim]
    sayi: str = ""
    tarih: datetime | None = None
    guvenlik_kodu: GuvenlikKodu = GuvenlikKodu.YOK
    belge_id: str = field(default_factory=lambda: str(uuid.uuid4()).upper())
    sdp: list[Sdp] = field(default_factory=list)
    ekler: list[Ek] = field(default_factory=list)
    ilgiler: list[Ilgi] = field(default_factory=list)
    imzalar: list[Imza] = field(default_factory=list)
    dogrulama_adresi: str = ""
    dosya_adi: str = ""
    mime_turu: str = "application/pdf"
    dil: str = "tur"

    @property
    def ana_sdp(self):
        return self.sdp[0] if self.sdp else None

    @property
    def miat(self):
        """The shortest deadline given to any recipient, or None."""
        deadlines = [d.miat for d in self.dagitim if d.miat is not None]
        return min(deadlines) if deadlines else None


_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def parse_duration(value):
    """An xsd:duration such as P10D or PT48H as a timedelta; None if it is not one.

    A year counts 365 days and a month 30: a Miat is a deadline in days, and senders write
    P15D, not P1M, but a month must still give a deadline rather than an error.
    """
    match = _DURATION.match(value.strip())
    if not match or value.strip() in {"P", "PT", "-P"} or value.strip().endswith("T"):
        return None
    parts = {key: float(amount or 0) for key, amount in match.groupdict().items() if key != "sign"}
    result = timedelta(
        days=parts["years"] * 365 + parts["months"] * 30 + parts["weeks"] * 7 + parts["days"],
        hours=parts["hours"],
        minutes=parts["minutes"],
        seconds=parts["seconds"],
    )
    return -result if match["sign"] else result


def format_duration(value: timedelta):
    """A timedelta as xsd:duration: whole days as P10D, anything finer with a time part."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    time += f"{seconds}S" if seconds else ""
    if time:
        text += "T" + time
    return text if text != "P" else "P0D"
