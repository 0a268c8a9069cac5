"""The XML parts of a package: Ustveri, NihaiUstveri, the digest summaries (PaketOzeti,
NihaiOzet) and the core properties, written and read with lxml.

Element names and order follow the rehber 2.x schemas (EY-Ustveri-2.xsd, EY-Tipler-2.xsd,
EY-NihaiUstveri-2.xsd, EY-PaketOzeti-2.xsd). 1.x packages put Tarih and BelgeNo in the
Ustveri itself, use the -1 namespaces, a single digest per reference and a few other codes;
they are read, never written.
"""

import base64
import re
from datetime import datetime
from urllib.parse import unquote

from django.utils.translation import gettext_lazy as _
from lxml import etree

from cms.dates import ISTANBUL as TURKEY

from .errors import InvalidXml, UnsupportedVersion
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
    TuzelKisi,
    format_duration,
    parse_duration,
)

NS = {
    "ustveri2": "urn:dpt:eyazisma:schema:xsd:Ustveri-2",
    "tipler2": "urn:dpt:eyazisma:schema:xsd:Tipler-2",
    "nihaiustveri2": "urn:dpt:eyazisma:schema:xsd:NihaiUstveri-2",
    "paketozeti2": "urn:dpt:eyazisma:schema:xsd:PaketOzeti-2",
    "nihaiozet2": "urn:dpt:eyazisma:schema:xsd:NihaiOzet-2",
    "ustveri1": "urn:dpt:eyazisma:schema:xsd:Ustveri-1",
    "tipler1": "urn:dpt:eyazisma:schema:xsd:Tipler-1",
    "paketozeti1": "urn:dpt:eyazisma:schema:xsd:PaketOzeti-1",
    "nihaiozet1": "urn:dpt:eyazisma:schema:xsd:NihaiOzet-1",
    "core": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# Digest algorithms by the URIs the summaries name (XML Encryption / XML Signature).
DIGEST_ALGORITHMS = {
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",  # 1.x packages only
}
ALGORITHM_URIS = {name: uri for uri, name in DIGEST_ALGORITHMS.items()}
# Both digests the 2.x schema asks for, in its order (CT_Reference holds exactly two).
WRITTEN_DIGESTS = ("sha256", "sha512")
REFERENCE_TYPE_INTERNAL = "http://eyazisma.dpt/bilesen#dahili"
CORE_CATEGORY = "RESMIYAZISMA"
CORE_CONTENT_TYPE = "application/eyazisma"
STANDARD_VERSION = "2.0"

# 1.x codes that 2.0 renamed (read from older packages, as bahricanli/eyazisma does).
GUVENLIK_1X = {"TSD": GuvenlikKodu.YOK}
IVEDILIK_1X = {"IVD": Ivedilik.ACL}

# XML 1.0 cannot carry most control characters; a value pasted from a word processor may
# hold one (a form feed, a vertical tab). They carry no meaning in a letter's metadata.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value))


def _datetime(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


class _Builder:
    def __init__(self, namespace):
        self.ns = namespace

    def el(self, parent, name, text=None, **attrs):
        element = etree.SubElement(
            parent, f"{{{self.ns}}}{name}", {k: _clean(v) for k, v in attrs.items()}
        )
        if text is not None:
            element.text = _clean(text)
        return element

    def opt(self, parent, name, text):
        if text not in (None, ""):
            self.el(parent, name, text)


T2 = _Builder(NS["tipler2"])


def _iletisim(parent, eposta="", kep_adresi=""):
    if eposta or kep_adresi:
        box = T2.el(parent, "IletisimBilgisi")
        T2.opt(box, "EPosta", eposta)
        T2.opt(box, "KepAdresi", kep_adresi)


def _taraf(parent, taraf):
    if isinstance(taraf, Kurum):
        element = T2.el(parent, "KurumKurulus")
        T2.el(element, "KKK", taraf.detsis)
        T2.opt(element, "Adi", taraf.adi)
        _iletisim(element, taraf.eposta, taraf.kep_adresi)
        T2.opt(element, "BirimKKK", taraf.birim_detsis)
    elif isinstance(taraf, GercekKisi):
        _gercek_kisi(T2.el(parent, "GercekSahis"), taraf)
    else:
        element = T2.el(parent, "TuzelSahis")
        T2.el(element, "Id", taraf.kimlik)
        T2.opt(element, "Adi", taraf.adi)
        _iletisim(element, taraf.eposta, taraf.kep_adresi)


def _gercek_kisi(element, kisi: GercekKisi):
    box = T2.el(element, "Kisi")
    T2.el(box, "IlkAdi", kisi.ilk_adi)
    T2.el(box, "Soyadi", kisi.soyadi)
    T2.opt(box, "Unvan", kisi.unvan)
    T2.opt(element, "TCKN", kisi.tckn)
    T2.opt(element, "Gorev", kisi.gorev)
    _iletisim(element, kisi.eposta, kisi.kep_adresi)


def _sdp(element, sdp: Sdp):
    T2.el(element, "Kod", sdp.kod)
    T2.el(element, "Ad", sdp.ad)
    T2.opt(element, "Aciklama", sdp.aciklama)


def build_ustveri(letter: Letter, dosya_adi: str):
    root = etree.Element(
        f"{{{NS['ustveri2']}}}UstVeri", nsmap={None: NS["ustveri2"], "tipler": NS["tipler2"]}
    )
    T2.el(root, "BelgeId", letter.belge_id)
    T2.el(root, "Konu", letter.konu)
    T2.el(root, "GuvenlikKodu", letter.guvenlik_kodu.value)
    T2.el(root, "MimeTuru", letter.mime_turu)
    dagitim_listesi = T2.el(root, "DagitimListesi")
    for dagitim in letter.dagitim:
        element = T2.el(dagitim_listesi, "Dagitim")
        _taraf(element, dagitim.taraf)
        T2.el(element, "Ivedilik", dagitim.ivedilik.value)
        T2.el(element, "DagitimTuru", dagitim.tur.value)
        if dagitim.miat is not None:
            T2.el(element, "Miat", format_duration(dagitim.miat))
    if letter.ekler:
        ekler = T2.el(root, "Ekler")
        for number, ek in enumerate(letter.ekler, start=1):
            element = T2.el(ekler, "Ek")
            T2.el(element, "Id", Value=ek.id, EYazismaIdMi="true")
            T2.el(element, "Tur", ek.tur.value)
            T2.opt(element, "DosyaAdi", ek.dosya_adi)
            T2.opt(element, "MimeTuru", ek.mime_turu)
            T2.opt(element, "Ad", ek.ad)
            T2.el(element, "SiraNo", str(number))
            T2.opt(element, "Aciklama", ek.aciklama)
            T2.opt(element, "Referans", ek.referans)
            if ek.tur is EkTuru.DED:
                T2.el(element, "ImzaliMi", "true" if ek.imzali else "false")
    if letter.ilgiler:
        ilgiler = T2.el(root, "Ilgiler")
        for ilgi in letter.ilgiler:
            element = T2.el(ilgiler, "Ilgi")
            T2.el(element, "Id", Value=ilgi.id, EYazismaIdMi="false")
            T2.opt(element, "BelgeNo", ilgi.belge_no)
            if ilgi.tarih:
                T2.el(element, "Tarih", _datetime(ilgi.tarih))
            T2.el(element, "Etiket", ilgi.etiket)
            T2.opt(element, "Ad", ilgi.ad)
            T2.opt(element, "Aciklama", ilgi.aciklama)
    T2.opt(root, "Dil", letter.dil)
    _taraf(T2.el(root, "Olusturan"), letter.olusturan)
    T2.el(root, "DosyaAdi", dosya_adi)
    if letter.sdp:
        bilgi = T2.el(root, "SdpBilgisi")
        _sdp(T2.el(bilgi, "AnaSdp"), letter.sdp[0])
        if len(letter.sdp) > 1:
            diger = T2.el(bilgi, "DigerSdpler")
            for sdp in letter.sdp[1:]:
                _sdp(T2.el(diger, "SdpListesi"), sdp)
    T2.el(T2.el(root, "DogrulamaBilgisi"), "DogrulamaAdresi", letter.dogrulama_adresi)
    return root


def build_nihai_ustveri(letter: Letter):
    root = etree.Element(
        f"{{{NS['nihaiustveri2']}}}NihaiUstVeri",
        nsmap={None: NS["nihaiustveri2"], "tipler": NS["tipler2"]},
    )
    T2.el(root, "Tarih", _datetime(letter.tarih))
    T2.el(root, "BelgeNo", letter.sayi)
    imzalar = T2.el(root, "BelgeImzalar")
    for imza in letter.imzalar:
        element = T2.el(imzalar, "Imza")
        _gercek_kisi(T2.el(element, "Imzalayan"), imza.imzalayan)
        T2.opt(element, "Makam", imza.makam)
        T2.opt(element, "Amac", imza.amac)
        if imza.tarih:
            T2.el(element, "Tarih", _datetime(imza.tarih))
    return root


def build_digest_summary(root_name, namespace, digests):
    """PaketOzeti or NihaiOzet: for each part, its SHA-256 and SHA-512 (base64).

    The references are PaketOzeti-2 elements in both (EY-NihaiOzet-2.xsd refers to
    paketOzeti:Reference), only the root element's namespace differs.
    """
    references = NS["paketozeti2"]
    nsmap = {None: namespace} if namespace == references else {None: namespace, "po": references}
    root = etree.Element(f"{{{namespace}}}{root_name}", nsmap=nsmap)
    builder = _Builder(references)
    for part_name, values in digests.items():
        reference = builder.el(root, "Reference", URI=part_name, Type=REFERENCE_TYPE_INTERNAL)
        for algorithm in WRITTEN_DIGESTS:
            item = builder.el(reference, "DigestItem")
            builder.el(item, "DigestMethod", Algorithm=ALGORITHM_URIS[algorithm])
            builder.el(item, "DigestValue", base64.b64encode(values[algorithm]).decode("ascii"))
    return root


def build_core(letter: Letter, created: datetime):
    nsmap = {None: NS["core"], "dc": NS["dc"], "dcterms": NS["dcterms"], "xsi": NS["xsi"]}
    root = etree.Element(f"{{{NS['core']}}}coreProperties", nsmap=nsmap)
    core = _Builder(NS["core"])
    dc = _Builder(NS["dc"])
    core.el(root, "category", CORE_CATEGORY)
    core.el(root, "contentType", CORE_CONTENT_TYPE)
    element = _Builder(NS["dcterms"]).el(
        root, "created", created.astimezone().isoformat(timespec="seconds")
    )
    element.set(f"{{{NS['xsi']}}}type", "dcterms:W3CDTF")
    dc.el(root, "creator", _display_name(letter.olusturan))
    dc.el(root, "identifier", letter.belge_id)
    dc.el(root, "subject", letter.konu)
    core.el(root, "revision", "Kalem")
    core.el(root, "version", STANDARD_VERSION)
    return root


def _display_name(taraf):
    if isinstance(taraf, GercekKisi):
        return taraf.full_name
    return taraf.adi or getattr(taraf, "detsis", "") or getattr(taraf, "kimlik", "")


# Reading ---------------------------------------------------------------------------------


class _Reader:
    """Reads Tipler elements of one generation (1 or 2), raising InvalidXml with the part."""

    def __init__(self, generation, part):
        self.ns = NS[f"tipler{generation}"]
        self.generation = generation
        self.part = part

    def find(self, parent, path):
        if parent is None:
            return None
        steps = "/".join(f"{{{self.ns}}}{step}" for step in path.split("/"))
        return parent.find(steps)

    def findall(self, parent, path):
        if parent is None:
            return []
        steps = "/".join(f"{{{self.ns}}}{step}" for step in path.split("/"))
        return parent.findall(steps)

    def text(self, parent, path, default=""):
        element = self.find(parent, path)
        if element is None or element.get(f"{{{NS['xsi']}}}nil") == "true":
            return default
        return (element.text or "").strip()

    def required(self, parent, path):
        value = self.text(parent, path)
        if not value:
            raise InvalidXml(
                part=self.part, reason=_("the element %(element)s is missing") % {"element": path}
            )
        return value

    def datetime(self, parent, path):
        value = self.text(parent, path)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidXml(
                part=self.part, reason=_("%(element)s is not a date") % {"element": path}
            ) from None
        # Some writers leave out the offset (CBDDO's own sample does for İlgi dates); a
        # Turkish institution's date without one is Turkish time.
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=TURKEY)

    def code(self, enum, parent, path, renamed=None, default=None):
        value = self.text(parent, path)
        if not value and default is not None:
            return default
        if self.generation == 1 and renamed and value in renamed:
            return renamed[value]
        try:
            return enum(value)
        except ValueError:
            raise InvalidXml(
                part=self.part,
                reason=_("%(element)s has an unknown code “%(code)s”")
                % {"element": path, "code": value},
            ) from None

    def iletisim(self, element):
        return {
            "eposta": self.text(element, "IletisimBilgisi/EPosta"),
            "kep_adresi": self.text(element, "IletisimBilgisi/KepAdresi"),
        }

    def gercek_kisi(self, element):
        return GercekKisi(
            ilk_adi=self.text(element, "Kisi/IlkAdi"),
            soyadi=self.text(element, "Kisi/Soyadi"),
            unvan=self.text(element, "Kisi/Unvan"),
            gorev=self.text(element, "Gorev"),
            tckn=self.text(element, "TCKN"),
            **self.iletisim(element),
        )

    def taraf(self, parent):
        if (element := self.find(parent, "KurumKurulus")) is not None:
            return Kurum(
                detsis=self.required(element, "KKK"),
                adi=self.text(element, "Adi"),
                birim_detsis=self.text(element, "BirimKKK"),
                **self.iletisim(element),
            )
        if (element := self.find(parent, "GercekSahis")) is not None:
            return self.gercek_kisi(element)
        if (element := self.find(parent, "TuzelSahis")) is not None:
            return TuzelKisi(
                kimlik=self.text(element, "Id"),
                adi=self.text(element, "Adi"),
                **self.iletisim(element),
            )
        raise InvalidXml(part=self.part, reason=_("a party (institution or person) is missing"))

    def sdp(self, element):
        return Sdp(
            kod=self.text(element, "Kod"),
            ad=self.text(element, "Ad"),
            aciklama=self.text(element, "Aciklama"),
        )


def ustveri_generation(root, part):
    """1 or 2 from the Ustveri's namespace; UnsupportedVersion for anything else."""
    namespace = etree.QName(root).namespace
    if namespace == NS["ustveri2"]:
        return 2
    if namespace == NS["ustveri1"]:
        return 1
    raise UnsupportedVersion(part=part, version=namespace or etree.QName(root).localname)


def parse_ustveri(root, generation, part) -> Letter:
    r = _Reader(generation, part)
    dagitim = []
    for element in r.findall(root, "DagitimListesi/Dagitim"):
        miat_text = r.text(element, "Miat")
        miat = parse_duration(miat_text) if miat_text else None
        if miat_text and miat is None:
            raise InvalidXml(part=part, reason=_("Miat is not a duration"))
        dagitim.append(
            Dagitim(
                taraf=r.taraf(element),
                tur=r.code(DagitimTuru, element, "DagitimTuru", default=DagitimTuru.GRG),
                ivedilik=r.code(Ivedilik, element, "Ivedilik", IVEDILIK_1X, default=Ivedilik.NRM),
                miat=miat,
            )
        )
    ekler = []
    for element in r.findall(root, "Ekler/Ek"):
        id_element = r.find(element, "Id")
        ekler.append(
            Ek(
                id=(id_element.get("Value") if id_element is not None else "") or "",
                ad=r.text(element, "Ad"),
                tur=r.code(EkTuru, element, "Tur", default=EkTuru.DED),
                dosya_adi=r.text(element, "DosyaAdi"),
                mime_turu=r.text(element, "MimeTuru"),
                aciklama=r.text(element, "Aciklama"),
                referans=r.text(element, "Referans"),
                imzali=r.text(element, "ImzaliMi", "true").lower() != "false",
            )
        )
    ilgiler = []
    for element in r.findall(root, "Ilgiler/Ilgi"):
        id_element = r.find(element, "Id")
        ilgiler.append(
            Ilgi(
                id=(id_element.get("Value") if id_element is not None else "") or "",
                etiket=r.text(element, "Etiket"),
                belge_no=r.text(element, "BelgeNo"),
                tarih=r.datetime(element, "Tarih"),
                ad=r.text(element, "Ad"),
                aciklama=r.text(element, "Aciklama"),
            )
        )
    sdp = [r.sdp(e) for e in r.findall(root, "SdpBilgisi/AnaSdp")]
    sdp += [r.sdp(e) for e in r.findall(root, "SdpBilgisi/DigerSdpler/SdpListesi")]
    olusturan = r.find(root, "Olusturan")
    letter = Letter(
        belge_id=r.required(root, "BelgeId").upper(),
        konu=r.text(root, "Konu"),
        guvenlik_kodu=r.code(
            GuvenlikKodu, root, "GuvenlikKodu", GUVENLIK_1X, default=GuvenlikKodu.YOK
        ),
        mime_turu=r.text(root, "MimeTuru") or "application/pdf",
        dagitim=dagitim,
        ekler=ekler,
        ilgiler=ilgiler,
        sdp=sdp,
        dil=r.text(root, "Dil"),
        olusturan=r.taraf(olusturan) if olusturan is not None else None,
        dosya_adi=r.text(root, "DosyaAdi"),
        dogrulama_adresi=r.text(root, "DogrulamaBilgisi/DogrulamaAdresi"),
    )
    if generation == 1:  # before 2.0 the number and date were part of the draft
        letter.sayi = r.text(root, "BelgeNo")
        letter.tarih = r.datetime(root, "Tarih")
    return letter


def parse_nihai_ustveri(root, letter: Letter, part):
    if root.tag != f"{{{NS['nihaiustveri2']}}}NihaiUstVeri":
        raise InvalidXml(part=part, reason=_("the root element is not NihaiUstVeri"))
    r = _Reader(2, part)
    letter.sayi = r.required(root, "BelgeNo")
    letter.tarih = r.datetime(root, "Tarih")
    letter.imzalar = [
        Imza(
            imzalayan=r.gercek_kisi(r.find(element, "Imzalayan")),
            makam=r.text(element, "Makam"),
            amac=r.text(element, "Amac"),
            tarih=r.datetime(element, "Tarih"),
        )
        for element in r.findall(root, "BelgeImzalar/Imza")
    ]


def parse_digest_summary(root, part):
    """{part name: {algorithm: digest bytes}} from a PaketOzeti or NihaiOzet of either
    generation (2.x: DigestItem pairs; 1.x: DigestMethod/DigestValue under Reference)."""
    namespace = etree.QName(root).namespace
    if namespace not in {NS["paketozeti2"], NS["paketozeti1"], NS["nihaiozet2"], NS["nihaiozet1"]}:
        raise UnsupportedVersion(part=part, version=namespace or etree.QName(root).localname)
    references = {}
    reference_namespaces = {namespace, NS["paketozeti2"], NS["paketozeti1"]}
    for reference in root:
        if not isinstance(reference.tag, str) or etree.QName(reference).localname != "Reference":
            continue
        if etree.QName(reference).namespace not in reference_namespaces:
            continue
        ns = etree.QName(reference).namespace
        # Some writers leave out the leading slash or percent-encode: compare part names.
        uri = reference.get("URI", "")
        uri = "/" + unquote(uri).lstrip("/") if uri else ""
        digests = {}
        for method in reference.iter(f"{{{ns}}}DigestMethod"):
            value = method.getnext()
            algorithm = DIGEST_ALGORITHMS.get(method.get("Algorithm", ""))
            if algorithm is None or value is None or value.tag != f"{{{ns}}}DigestValue":
                continue
            try:
                digests[algorithm] = base64.b64decode((value.text or "").strip(), validate=True)
            except ValueError:
                raise InvalidXml(part=part, reason=_("a digest is not base64")) from None
        if not uri or not digests:
            raise InvalidXml(part=part, reason=_("a reference has no part name or no known digest"))
        references[uri] = digests
    if not references:
        raise InvalidXml(part=part, reason=_("it lists no parts"))
    return references


def parse_core(root):
    """(category, version) from the core properties, empty strings where absent."""
    category = root.findtext(f"{{{NS['core']}}}category") or ""
    version = root.findtext(f"{{{NS['core']}}}version") or ""
    return category.strip(), version.strip()
