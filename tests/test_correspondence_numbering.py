"""Official numbers under concurrent approvals: 50 threads approve 50 letters at once on
PostgreSQL and the sequence has no gap and no duplicate."""

import threading

import pytest
from django.db import connection, connections
from wagtail.models import Site

from archive.correspondence.models import Correspondence
from archive.correspondence.numbering import assign_outgoing_number
from cms.models import MunicipalitySettings
from tests.factories.correspondence import OutgoingFactory, sdp

THREADS = 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_approvals_get_fifty_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises every write with one database lock; row locks need PostgreSQL"
        )
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = "19248251"
    settings.save()
    code = sdp("010.03")
    records = [OutgoingFactory(sdp_code=code) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def approve(pk):
        try:
            barrier.wait()
            assign_outgoing_number(pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r.pk,)) for r in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Correspondence.objects.values_list("number", flat=True))
    sequences = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert sequences == list(range(1, THREADS + 1))
    assert all(number.startswith("E-19248251-010.03-") for number in numbers)
