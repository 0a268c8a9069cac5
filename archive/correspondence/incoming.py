"""An incoming e-Yazışma package read into the register ("e-Yazışma paketi yükle").

Two steps. `stage()` reads the uploaded package with every digest checked, refuses it
(with the library's Turkish message, nothing written) if it is malformed, hostile, already
registered, above the clerk's clearance or carries an attachment the register would refuse;
otherwise it keeps the package unchanged in private storage and returns a signed token
and the fields it proposes. The clerk corrects what is needed, and `register()` reads the
staged package again and creates the record in one transaction: the package itself (with
its SHA-256) as the first attachment, the letter PDF and each enclosed file after it.
"""

import hashlib
import logging
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.confidentiality import GUVENLIK_KODU, Level, clearance_of, visible_to
from cms.storage import private_storage

from ..eyazisma import (
    EkTuru,
    EyazismaError,
    GercekKisi,
    GuvenlikKodu,
    Ivedilik,
    Kurum,
    Status,
    load_trust_roots,
)
from ..eyazisma import read_package as read_eyp
from . import files
from .models import (
    LETTER_LABEL,
    PACKAGE_LABEL,
    Attachment,
    AttachmentKind,
    Channel,
    Correspondence,
    Direction,
    DistributionGroupMember,
    Kind,
    PackageSignature,
    PartyKind,
    SdpCode,
    Urgency,
)
from .numbering import institution_detsis

logger = logging.getLogger(__name__)
STAGING_FOLDER = "correspondence/eyp-gelen"
TOKEN_SALT = "kalem.archive.correspondence.eyp-import"
TOKEN_MAX_AGE = 24 * 60 * 60  # a clerk confirms the same day
LEVEL_BY_CODE = {GuvenlikKodu(code): level for level, code in GUVENLIK_KODU.items()}
# "Özel" was dropped in rehber 2.1; an older package marked so is kept Hizmete Özel.
LEVEL_BY_CODE[GuvenlikKodu.OZL] = Level.RESTRICTED


def _refuse(message):
    raise ValidationError({"package": message})


def _read(handle):
    try:
        return read_eyp(handle, trust_roots=_trust_roots())
    except EyazismaError as error:
        _refuse(str(error))


def _trust_roots():
    """The installed root certificates; none (and an error logged) if the file is broken,
    so signatures show as not trusted rather than the upload failing."""
    try:
        return load_trust_roots(settings.KALEM_EYAZISMA_TRUST_ROOTS)
    except (OSError, ValueError):
        logger.exception("KALEM_EYAZISMA_TRUST_ROOTS cannot be read")
        return []


def signature_lines(package):
    """What the package's signature and seal are, one Turkish line each, for the clerk's
    screen and the package's description on the record."""
    lines = []
    for label, check in ((_("e-signature"), package.signature), (_("e-seal"), package.seal)):
        lines.append(f"{label}: {check.summary() if check else _('none')}")
    return lines


# What the clerk reads, on the confirmation screen and on the record's card, when Kalem
# could not establish who sent a package. Verifying needs the providers' root
# certificates installed (KALEM_EYAZISMA_TRUST_ROOTS); until then every package is here.
UNVERIFIED_NOTICES = {
    PackageSignature.UNSIGNED: gettext_lazy(
        "Signature not verified: the package carries no e-signature and no e-seal, so "
        "who sent it cannot be confirmed. Its parts match their digests (it is intact as "
        "packaged); confirm it with the sender another way (KEP, telephone) before acting "
        "on it."
    ),
    PackageSignature.UNTRUSTED: gettext_lazy(
        "Signature not verified: the package carries an e-signature or e-seal that Kalem "
        "could not verify (it does not lead to an installed root certificate, or is in a "
        "form Kalem cannot check), so who sent it cannot be confirmed. Confirm it with the "
        "sender another way (KEP, telephone) before acting on it."
    ),
}


def package_signature(package):
    """Verified when its e-signature or e-seal leads to an installed root; untrusted when
    it has one but none does (not traced, or not checkable); unsigned with neither. (An
    altered one was refused.)"""
    checks = [check for check in (package.signature, package.seal) if check is not None]
    if any(check.status is Status.VALID for check in checks):
        return PackageSignature.VERIFIED
    return PackageSignature.UNTRUSTED if checks else PackageSignature.UNSIGNED


def unverified_notice(status):
    """The warning for a package whose signature was not verified; "" for a verified one
    or a file that is no package."""
    return str(UNVERIFIED_NOTICES.get(status, ""))


def _check(package, user):
    """What makes a well-formed package unacceptable here; ValidationError naming it."""
    letter = package.letter
    refusals = (
        (
            package.signature,
            _(
                "e-Yazışma package: its e-signature is not valid (%(reason)s) The package "
                "may have been altered; ask the sender for it again."
            ),
        ),
        (
            package.seal,
            _(
                "e-Yazışma package: its e-seal is not valid (%(reason)s) The package may "
                "have been altered; ask the sender for it again."
            ),
        ),
    )
    for check, message in refusals:
        if check is not None and not check.intact:
            _refuse(message % {"reason": check.reason})
    if LEVEL_BY_CODE[letter.guvenlik_kodu] > (clearance_of(user) or Level.UNCLASSIFIED):
        _refuse(
            _(
                "e-Yazışma package: it is classified above your clearance; hand it to the "
                "Müdür to register."
            )
        )
    existing = Correspondence.objects.filter(
        direction=Direction.INCOMING, belge_id=letter.belge_id
    ).first()
    if existing is not None:
        _refuse(
            _("e-Yazışma package: this document is already registered as %(number)s.")
            % {"number": existing.register_number}
        )
    checked = {}
    pdf_name = letter.dosya_adi or package.pdf.name
    for name, part, _ek in [(pdf_name, package.pdf, None), *_files(package)]:
        try:
            checked[part.name] = files.check_upload(File(part.open(), name=name))
        except ValidationError as error:
            message = "; ".join(error.message_dict.get("file", error.messages))
            _refuse(
                _("e-Yazışma package: the attachment %(name)s was refused: %(reason)s")
                % {"name": files.clean_name(name), "reason": message}
            )
    return checked


def _files(package):
    """(the sender's file name, PartFile, Ek or None) of each enclosed file, in order."""
    by_id = {ek.id: ek for ek in package.letter.ekler}
    result = []
    for key, part in package.attachments.items():
        ek = by_id.get(key)
        name = (ek.dosya_adi if ek else "") or PurePosixPath(part.name).name
        result.append((name, part, ek))
    return result


def stage(uploaded, user):
    """Read and check an uploaded package; keep it and return (token, proposed fields)."""
    limit = settings.KALEM_EYAZISMA_MAX_PACKAGE_MB * 1024 * 1024
    if uploaded.size > limit:
        _refuse(
            _("e-Yazışma package: larger than %(mb)d MB.")
            % {"mb": settings.KALEM_EYAZISMA_MAX_PACKAGE_MB}
        )
    uploaded.seek(0)
    package = _read(uploaded)
    try:
        _check(package, user)
        proposal = propose(package.letter, user)
        proposal["signature_read"] = signature_lines(package)
        proposal["unverified_notice"] = unverified_notice(package_signature(package))
    finally:
        package.close()
    uploaded.seek(0)
    name = private_storage().save(f"{STAGING_FOLDER}/{uuid.uuid4().hex}.eyp", uploaded)
    token = signing.dumps({"name": name, "user": user.pk}, salt=TOKEN_SALT)
    return token, proposal


def staged_name(token, user):
    """The staged package a token names, for the user it was given to; None otherwise."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk or not private_storage().exists(data.get("name", "")):
        return None
    return data["name"]


def _our_copy(letter):
    """The distribution entry addressed to this municipality (else the first for action)."""
    try:
        ours = institution_detsis()
    except ValidationError:
        ours = ""
    for dagitim in letter.dagitim:
        if isinstance(dagitim.taraf, Kurum) and ours and dagitim.taraf.detsis == ours:
            return dagitim
    action = [d for d in letter.dagitim if d.tur == "GRG"]
    return (action or letter.dagitim or [None])[0]


def _known_institution(detsis):
    """The name and KEP address the register already uses for a DETSİS number."""
    member = DistributionGroupMember.objects.filter(detsis=detsis).order_by("pk").first()
    if member is not None:
        return member.name, member.kep
    record = Correspondence.objects.filter(party_detsis=detsis).order_by("-pk").first()
    if record is not None:
        return record.party_name, record.party_kep
    return None


def _sender(taraf):
    if isinstance(taraf, Kurum):
        name, kep = taraf.adi, taraf.kep_adresi
        known = _known_institution(taraf.detsis) if taraf.detsis else None
        if known is not None:
            name, kep = known[0], known[1] or kep
        return {
            "party_kind": PartyKind.INSTITUTION,
            "party_name": name or taraf.detsis,
            "party_detsis": taraf.detsis,
            "party_kep": kep,
            "party_email": taraf.eposta,
        }
    if isinstance(taraf, GercekKisi):
        return {
            "party_kind": PartyKind.PERSON,
            "party_name": taraf.full_name,
            "party_kep": taraf.kep_adresi,
            "party_email": taraf.eposta,
        }
    if taraf is not None:
        return {
            "party_kind": PartyKind.INSTITUTION,
            "party_name": taraf.adi or taraf.kimlik,
            "party_kep": taraf.kep_adresi,
            "party_email": taraf.eposta,
        }
    return {}


def propose(letter, user):
    """The new incoming record's fields as read from the package, for the clerk's form."""
    sent = timezone.localtime(letter.tarih) if letter.tarih else None
    copy = _our_copy(letter)
    urgency, urgency_date, due_on = Urgency.NORMAL, None, None
    if copy is not None:
        urgency = Urgency(copy.ivedilik.value)
        deadline = (sent.date() + timedelta(days=copy.miat.days)) if sent and copy.miat else None
        if copy.ivedilik is Ivedilik.GNL:
            urgency_date = deadline
        else:
            due_on = deadline
    codes = [sdp.kod for sdp in letter.sdp]
    known = {code.code: code for code in SdpCode.objects.filter(code__in=codes)}
    numbers = [ilgi.belge_no for ilgi in letter.ilgiler if ilgi.belge_no]
    references = visible_to(
        Correspondence.objects.filter(number__in=numbers)
        | Correspondence.objects.filter(sender_number__in=numbers),
        user,
    )
    return {
        **_sender(letter.olusturan),
        "subject": letter.konu,
        "sender_number": letter.sayi,
        "sender_date": sent.date() if sent else None,
        "received_on": timezone.localdate(),
        "sdp_code": known.get(codes[0]) if codes else None,
        "other_sdp_codes": [known[code] for code in codes[1:] if code in known],
        "confidentiality": LEVEL_BY_CODE[letter.guvenlik_kodu],
        "urgency": urgency,
        "urgency_date": urgency_date,
        "due_on": due_on,
        "references": list(references.order_by("pk")),
        # Shown to the clerk, not form fields:
        "sdp_read": [f"{sdp.kod} {sdp.ad}".strip() for sdp in letter.sdp],
        "ilgi_read": [f"{ilgi.etiket}) {ilgi.belge_no}" for ilgi in letter.ilgiler],
        "ekler_read": [
            f"{ek.ad or ek.dosya_adi} ({AttachmentKind(ek.tur.value).label})" for ek in letter.ekler
        ],
    }


def _attach(record, label, user, *, name, content_type, size, sha256, source, kind="DED", **extra):
    """An attachment of the record being registered; the name of its stored file is kept
    in `record._written_files` so a failed registration can take the file back."""
    attachment = Attachment(
        correspondence=record,
        label=label,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=user,
        **extra,
    )
    if source is not None:
        attachment.file.save(name, File(source), save=False)
        record._written_files.append(attachment.file.name)
    attachment.save()
    return attachment


def register(token, record, user):
    """Create `record` (the clerk's confirmed, unsaved record) from the staged package:
    the package, the letter and its files as attachments, all or nothing."""
    name = staged_name(token, user)
    if name is None:
        _refuse(_("e-Yazışma package: the upload has expired; upload the package again."))
    storage = private_storage()
    with storage.open(name, "rb") as handle:
        package_sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        handle.seek(0)
        package = _read(handle)
        try:
            checked = _check(package, user)
            letter = package.letter
            record._written_files = []
            try:
                with transaction.atomic():
                    record.direction = Direction.INCOMING
                    record.kind = record.kind or Kind.OFFICIAL
                    record.channel = Channel.EYAZISMA
                    record.belge_id = letter.belge_id
                    record.owner = user
                    record._history_user = user
                    record.save()
                    record.save_revision(user=user)
                    handle.seek(0)
                    _attach(
                        record,
                        PACKAGE_LABEL,
                        user,
                        name=f"{letter.belge_id}.eyp",
                        content_type="application/eyazisma",
                        size=storage.size(name),
                        sha256=package_sha256,
                        source=handle,
                        package_signature=package_signature(package),
                        description="; ".join(
                            [_("e-Yazışma package as received"), *signature_lines(package)]
                        )[: Attachment._meta.get_field("description").max_length],
                    )
                    pdf_name, pdf_type, _size, _sha = checked[package.pdf.name]
                    _attach(
                        record,
                        LETTER_LABEL,
                        user,
                        name=pdf_name,
                        content_type=pdf_type,
                        size=package.pdf.size,
                        sha256=package.pdf.sha256,
                        source=package.pdf.open(),
                        description=letter.sayi,
                    )
                    _enclosures(record, package, checked, user)
            except IntegrityError:
                # Another clerk registered the same package a moment earlier: the unique
                # BelgeId refused this one, and the transaction wrote nothing.
                _forget(record)
                _refuse(_("e-Yazışma package: this document has just been registered."))
            except OSError:
                # The storage failed part way (disk full, object store down): the rows are
                # rolled back; the files already stored belong to no record and go too.
                # The clerk is told and uploads the package again.
                _forget(record)
                _refuse(_("e-Yazışma package: the files could not be stored; try again."))
            except BaseException:
                _forget(record)
                raise
        finally:
            package.close()
    storage.delete(name)  # the staged copy; the package itself is now the record's "EYP"
    return record


def _forget(record):
    """Remove the files stored for a registration that was rolled back. They were written
    moments ago under new names and no row refers to them: no record's history loses a
    file."""
    storage = private_storage()
    for name in record._written_files:
        storage.delete(name)
    record._written_files = []


def _enclosures(record, package, checked, user):
    number = 0
    for _name, part, ek in _files(package):
        number += 1
        name, content_type, _size, _sha = checked[part.name]
        _attach(
            record,
            f"EK-{number}",
            user,
            name=name,
            content_type=content_type,
            size=part.size,
            sha256=part.sha256,
            source=part.open(),
            description=ek.ad if ek else "",
        )
    for ek in package.letter.ekler:
        if ek.tur is EkTuru.DED:
            continue
        number += 1
        link = ek.tur is EkTuru.HRF and ek.referans.startswith(("https://", "http://"))
        _attach(
            record,
            f"EK-{number}",
            user,
            name="",
            content_type="",
            size=0,
            sha256="",
            source=None,
            kind=AttachmentKind.LINK if link else AttachmentKind.PHYSICAL,
            url=ek.referans[:200] if link else "",
            description=(ek.ad or ek.referans)[:300],
        )


def expired_staged(now=None):
    """Staged packages whose confirmation has expired (nobody can register them now)."""
    storage = private_storage()
    if not storage.exists(STAGING_FOLDER):
        return []
    cutoff = (now or timezone.now()) - timedelta(seconds=TOKEN_MAX_AGE)
    names = [f"{STAGING_FOLDER}/{name}" for name in storage.listdir(STAGING_FOLDER)[1]]
    return [name for name in names if storage.get_modified_time(name) < cutoff]
