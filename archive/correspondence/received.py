"""The register's side of letters other apps receive (cms.records.incoming_register): an
appointment request or an invitation that reaches the mayor by post becomes an incoming
record with the register's next incoming number, so the clerk registers it once and both
sides point at each other (the record's `source`, the request's register number)."""

from django.db import transaction
from django.utils import timezone

from cms.records import IncomingRegister, RegisteredLetter

from . import routing
from .models import Channel, Correspondence, Direction, Kind, PartyKind

KINDS = {"invitation": Kind.INVITATION, "petition": Kind.PETITION}


class RegisterIncoming(IncomingRegister):
    @transaction.atomic
    def receive(self, letter, *, user=None):
        record = Correspondence.objects.filter(source=letter.source).first()
        if record is None:
            record = Correspondence(
                direction=Direction.INCOMING,
                kind=KINDS.get(letter.kind, Kind.OTHER),
                channel=Channel.POST,
                source=letter.source,
                subject=letter.subject[:300],
                party_kind=PartyKind.PERSON if letter.sender_is_person else PartyKind.INSTITUTION,
                party_name=letter.sender[:250],
                party_email=letter.email,
                party_address=letter.address,
                sender_number=letter.sender_number[:80],
                sender_date=letter.sender_date,
                received_on=letter.received_on or timezone.localdate(),
                summary=letter.summary,
                owner=user,
            )
            record._history_user = user
            # save() draws the next incoming number (numbering.next_incoming_number).
            record.save()
        return RegisteredLetter(record.pk, record.register_number)

    def route(self, record_id, *, to_users, note="", user=None):
        # The record is the letter the other app registered: routed as any clerk would.
        record = Correspondence.objects.get(pk=record_id)
        return len(routing.route(record, by=user, to_users=list(to_users), note=note))
