import datetime as dt

import factory

from archive.correspondence.models import Correspondence, Direction, Kind, SdpCode


def sdp(code="010.03"):
    return SdpCode.objects.get(code=code)


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    """An incoming official letter received on 2 February 2026."""

    class Meta:
        model = Correspondence

    direction = Direction.INCOMING
    kind = Kind.OFFICIAL
    channel = "posta"
    party_name = "İzmir Valiliği"
    subject = factory.Sequence(lambda n: f"Konu {n}")
    received_on = dt.date(2026, 2, 2)


class OutgoingFactory(CorrespondenceFactory):
    direction = Direction.OUTGOING
    received_on = None
    party_name = "Ege Üniversitesi Rektörlüğü"
    body = "Birinci paragraf.\n\nİkinci paragraf."
    signatory_name = "Hasan Çelik"
    signatory_title = "Belediye Başkanı"
