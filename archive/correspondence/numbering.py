"""The allocator of official numbers, beside the model (the formats are in rules.py).

A number is drawn from a `NumberCounter` row locked with SELECT … FOR UPDATE inside the
transaction that stores it on the record: concurrent approvals wait for each other, and a
transaction that fails gives its number back with its rollback, so the sequence has no
gaps and no duplicates. (SQLite locks the whole database for a write instead.)
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.models import MunicipalitySettings

from ..eyazisma.verification import verification_code
from . import rules
from .models import Correspondence, NumberCounter


@transaction.atomic
def next_sequence(key):
    NumberCounter.objects.get_or_create(key=key)
    counter = NumberCounter.objects.select_for_update().get(key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def next_incoming_number(day=None):
    year = (day or timezone.localdate()).year
    key = rules.counter_key(rules.INCOMING_PREFIX, year, yearly_reset=True)
    return rules.incoming_number(year, next_sequence(key))


def institution_detsis():
    site = Site.objects.filter(is_default_site=True).first()
    detsis = MunicipalitySettings.for_site(site).detsis_number if site else ""
    if not detsis:
        raise ValidationError(
            _("DETSİS number: set it in the municipality settings before approving letters.")
        )
    return detsis


@transaction.atomic
def assign_outgoing_number(pk, *, user=None, day=None):
    """Give an approved outgoing record its Sayı (once; approving again changes nothing)."""
    record = (
        Correspondence.objects.select_for_update(of=("self",)).select_related("sdp_code").get(pk=pk)
    )
    if record.number:
        return record.number
    record.check_ready_for_approval()
    day = day or timezone.localdate()
    key = rules.counter_key(
        rules.ELECTRONIC_PREFIX, day.year, yearly_reset=settings.KALEM_SAYI_YEARLY_RESET
    )
    record.number = rules.outgoing_number(
        institution_detsis(), record.sdp_code.code, next_sequence(key)
    )
    record.number_date = day
    record.number_year = day.year
    # The letter's e-Yazışma BelgeId and the code printed on it for /belge-dogrula/ (an
    # HMAC of the random BelgeId: not derivable from the Sayı). Stored, so a printed code
    # keeps working if the key is rotated.
    record.belge_id = record.belge_id or uuid.uuid4()
    record.verification_code = verification_code(str(record.belge_id))
    record._history_user = user
    record.save_process("number", "number_date", "number_year", "belge_id", "verification_code")
    if record.answer_to_id:
        _mark_answered(record.answer_to_id, user)
    return record.number


def _mark_answered(pk, user):
    from .models import Status

    answered = Correspondence.objects.select_for_update().get(pk=pk)
    if Status.ANSWERED in answered.allowed_moves():
        answered.move_to(Status.ANSWERED, user=user)
