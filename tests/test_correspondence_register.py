"""The correspondence register through the admin: registering, approval and the Sayı,
routing with vekalet, attachments, history and bad input (Turkish errors naming the
field, nothing saved)."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Site, WorkflowState

from archive.correspondence import routing
from archive.correspondence.models import (
    Attachment,
    Correspondence,
    Routing,
    StandIn,
    Status,
)
from cms.confidentiality import Level
from cms.history import restore_version
from cms.models import Clearance, MunicipalitySettings
from cms.roles import CLERK, HEAD
from tests.factories.correspondence import CorrespondenceFactory, OutgoingFactory, sdp
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_archive_correspondence:add"
EDIT = "wagtailsnippets_archive_correspondence:edit"
LIST = "wagtailsnippets_archive_correspondence:list"
DETSIS = "19248251"


@pytest.fixture(autouse=True)
def detsis(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = DETSIS
    settings.save()


@pytest.fixture
def clerk(user_with_role):
    user = user_with_role(CLERK, "evrak")
    user.email = "evrak@example.com"
    user.save()
    return user


@pytest.fixture
def colleague(user_with_role):
    user = user_with_role(CLERK, "meslektas")
    user.email = "meslektas@example.com"
    user.save()
    return user


@pytest.fixture
def head(user_with_role):
    return user_with_role(HEAD, "mudur")


def form(**fields):
    data = {
        "direction": "gelen",
        "kind": "bilgi_edinme",
        "channel": "web",
        "subject": "Park bakım ihalesi hakkında bilgi",
        "sdp_code": "",
        "urgency": "NRM",
        "urgency_date": "",
        "confidentiality": "0",
        "personal_to": "",
        "party_kind": "kisi",
        "party_name": "Mehmet Kaya",
        "party_detsis": "",
        "party_kep": "",
        "party_tc_kimlik": "10000000146",
        "party_email": "",
        "party_address": "",
        "sender_number": "",
        "sender_date": "",
        "received_on": "2026-02-02",
        "due_on": "",
        "fee_notice_on": "",
        "fee_paid_on": "",
        "summary": "",
        "body": "",
        "signatory_name": "",
        "signatory_title": "",
        "answer_to": "",
        "recipients-TOTAL_FORMS": "0",
        "recipients-INITIAL_FORMS": "0",
        "recipients-MIN_NUM_FORMS": "0",
        "recipients-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response):
    return response.context["form"].errors


@time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC))
def test_a_clerk_registers_an_information_request_with_its_legal_date(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse(ADD), form())
    assert response.status_code == 302
    record = Correspondence.objects.get()
    assert record.register_number == "G-2026-000001"
    # 4982 md. 11: 15 working days after Monday 2 February 2026.
    assert record.answer_due == dt.date(2026, 2, 23)
    listing = client.get(reverse(LIST)).content.decode()
    assert "G-2026-000001" in listing
    assert "100******46" in listing
    assert "10000000146" not in listing
    export = b"".join(client.get(reverse(LIST), {"export": "csv"}).streaming_content).decode()
    assert "100******46" in export
    assert "10000000146" not in export


@pytest.mark.indexed
def test_the_registration_form_does_not_autosave(client, clerk):
    # An autosave would register the letter (and draw its number) while it is typed, and
    # the clerk's own save would then register it a second time.
    client.force_login(clerk)
    create = client.get(reverse(ADD)).content.decode()
    assert "data-w-autosave-interval-value" not in create
    record = CorrespondenceFactory()
    edit = client.get(reverse(EDIT, args=[record.pk])).content.decode()
    assert "data-w-autosave-interval-value" in edit


def test_write_the_answer_opens_the_form_as_the_answer_to_the_letter(client, clerk):
    letter = CorrespondenceFactory(subject="Meydan aydınlatması", party_name="İzmir Valiliği")
    secret = CorrespondenceFactory(subject="Gizli konu", confidentiality=Level.SECRET)
    client.force_login(clerk)
    card = client.get(reverse("archive_correspondence_detail", args=[letter.pk])).content
    answer_url = f"{reverse(ADD)}?cevap={letter.pk}"
    assert answer_url in card.decode()
    form = client.get(answer_url).context["form"]
    assert (form["direction"].value(), form["party_name"].value(), form["answer_to"].value()) == (
        "giden",
        "İzmir Valiliği",
        letter.pk,
    )
    # A record above the clerk's clearance gives nothing away: an empty form.
    response = client.get(f"{reverse(ADD)}?cevap={secret.pk}")
    assert response.context["form"]["answer_to"].value() is None
    # Nor does the references (İlgi) list offer it.
    assert "Gizli konu" not in response.content.decode()


@time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC))
def test_an_invalid_tc_kimlik_is_refused_naming_the_field(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse(ADD), form(party_tc_kimlik="10000000145"))
    assert response.status_code == 200
    assert "TC identity number" in str(
        errors_of(response)["party_tc_kimlik"]
    ) or "TC kimlik" in str(errors_of(response)["party_tc_kimlik"])
    assert not Correspondence.objects.exists()


@time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC))
def test_a_due_date_before_receipt_is_refused(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse(ADD), form(due_on="2026-02-01"))
    assert "due_on" in errors_of(response)
    assert not Correspondence.objects.exists()


@time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC))
def test_a_duplicate_incoming_document_is_refused_with_a_link_to_the_first(client, clerk):
    first = CorrespondenceFactory(
        party_kind="kurum", sender_number="E-12345678-010.03-77", sender_date=dt.date(2026, 1, 30)
    )
    client.force_login(clerk)
    response = client.post(
        reverse(ADD),
        form(
            party_kind="kurum",
            party_tc_kimlik="",
            party_name="İzmir Valiliği",
            sender_number="E-12345678-010.03-77",
            sender_date="2026-01-30",
        ),
    )
    assert response.status_code == 200
    message = str(errors_of(response)["sender_number"])
    assert first.register_number in message
    assert reverse("archive_correspondence_detail", args=[first.pk]) in message
    assert Correspondence.objects.count() == 1


def submit_outgoing(client, **fields):
    data = form(
        direction="giden",
        kind="resmi_yazi",
        channel="kep",
        party_kind="kurum",
        party_tc_kimlik="",
        party_name="Ege Üniversitesi Rektörlüğü",
        received_on="",
        body="Birinci paragraf.",
        signatory_name="Hasan Çelik",
        signatory_title="Belediye Başkanı",
        **{"action-submit": "1"},
    )
    data.update(fields)
    return client.post(reverse(ADD), data)


def approve(client, record):
    state = WorkflowState.objects.get(object_id=str(record.pk), status="in_progress")
    return client.post(
        reverse(
            "wagtailsnippets_archive_correspondence:workflow_action",
            args=[record.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )


@time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
def test_submitting_a_letter_without_a_file_plan_code_is_refused(client, clerk):
    client.force_login(clerk)
    response = submit_outgoing(client)
    assert response.status_code == 200
    assert "sdp_code" in errors_of(response)
    assert not Correspondence.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
def test_the_sayi_is_given_when_the_mudur_approves(client, clerk, head):
    client.force_login(clerk)
    assert submit_outgoing(client, sdp_code=str(sdp("010.03").pk)).status_code == 302
    record = Correspondence.objects.get()
    assert record.number == ""
    assert record.display_number == "Sayı onayda verilir"
    assert "Sayı onayda verilir" in client.get(reverse(LIST)).content.decode()
    # The clerk cannot approve.
    approve(client, record)
    record.refresh_from_db()
    assert record.number == ""
    client.force_login(head)
    assert approve(client, record).status_code == 302
    record.refresh_from_db()
    assert record.number == f"E-{DETSIS}-010.03-1"
    assert record.number_date == dt.date(2026, 3, 2)
    second = OutgoingFactory(sdp_code=sdp("041.02"))
    second.save_revision().publish()
    second.refresh_from_db()
    assert second.number == f"E-{DETSIS}-041.02-2"


def publish_outgoing(**fields):
    record = OutgoingFactory(sdp_code=sdp("010.03"), **fields)
    record.save_revision().publish()
    record.refresh_from_db()
    return record


def test_outgoing_numbers_run_on_across_years_by_default():
    with time_machine.travel(dt.datetime(2026, 12, 31, 10, tzinfo=dt.UTC)):
        assert publish_outgoing().number.endswith("-1")
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC)):
        assert publish_outgoing().number.endswith("-2")


def test_outgoing_numbers_restart_each_year_when_so_configured(settings):
    settings.KALEM_SAYI_YEARLY_RESET = True
    with time_machine.travel(dt.datetime(2026, 12, 31, 10, tzinfo=dt.UTC)):
        assert publish_outgoing().number.endswith("-1")
        assert publish_outgoing().number.endswith("-2")
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC)):
        assert publish_outgoing().number.endswith("-1")


def test_approving_again_keeps_the_number():
    record = publish_outgoing()
    number = record.number
    record.subject = "Düzeltilmiş konu"
    record.save_revision().publish()
    record.refresh_from_db()
    assert record.number == number


def test_restoring_an_old_version_never_takes_the_number_away():
    record = OutgoingFactory(sdp_code=sdp("010.03"), subject="İlk konu")
    first_version = record.history.earliest()
    record.save_revision().publish()
    record.refresh_from_db()
    number = record.number
    restore_version(record, first_version)
    record.refresh_from_db()
    assert record.subject == "İlk konu"
    assert record.number == number
    assert record.history.count() >= 3


def test_a_numbered_record_is_never_deleted_but_cancelled_with_a_reason(client, head):
    record = CorrespondenceFactory()
    client.force_login(head)
    response = client.post(
        reverse("wagtailsnippets_archive_correspondence:delete", args=[record.pk])
    )
    assert Correspondence.objects.filter(pk=record.pk).exists()
    assert_sent_to_dashboard(response)
    url = reverse("archive_correspondence_status", args=[record.pk])
    response = client.post(url, {"status": "iptal", "cancel_reason": ""})
    assert "cancel_reason" in response.context["form"].errors
    record.refresh_from_db()
    assert record.status == Status.REGISTERED
    client.post(url, {"status": "iptal", "cancel_reason": "Yanlış birime gelmiş."})
    record.refresh_from_db()
    assert (record.status, record.cancel_reason) == (Status.CANCELLED, "Yanlış birime gelmiş.")


@time_machine.travel(dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC))
def test_routing_keeps_every_step_and_shows_on_the_holders_dashboard(
    client, clerk, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    record = CorrespondenceFactory(kind="bilgi_edinme", subject="Otopark ücretleri")
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("archive_correspondence_route", args=[record.pk]),
            {"users": [colleague.pk], "purpose": "GRG", "note": "Cevap hazırlayınız."},
        )
    assert response.status_code == 302
    step = Routing.objects.get()
    assert (step.routed_by, step.to_user, step.note, step.read_at) == (
        clerk,
        colleague,
        "Cevap hazırlayınız.",
        None,
    )
    record.refresh_from_db()
    assert record.status == Status.ROUTED
    assert [m.to for m in mailoutbox] == [["meslektas@example.com"]]
    client.force_login(colleague)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Otopark ücretleri" in dashboard
    # Received Monday 2 February: due 23 February, 14 working days after 3 February.
    assert "23 Şubat 2026" in dashboard
    assert "14 iş günü kaldı" in dashboard
    client.get(reverse("archive_correspondence_detail", args=[record.pk]))
    step.refresh_from_db()
    assert step.read_at is not None


@time_machine.travel(dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC))
def test_routing_to_someone_on_leave_goes_to_their_stand_in(clerk, colleague, user_with_role):
    stand_in = user_with_role(CLERK, "vekil")
    StandIn.objects.create(
        user=colleague,
        stand_in=stand_in,
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 2, 10),
    )
    record = CorrespondenceFactory()
    [step] = routing.route(record, by=clerk, to_users=[colleague])
    assert (step.to_user, step.on_behalf_of) == (stand_in, colleague)


@time_machine.travel(dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC))
def test_routing_refuses_inactive_users_uncleared_users_and_early_due_dates(
    client, clerk, colleague
):
    record = CorrespondenceFactory(confidentiality=Level.SECRET)
    Clearance.objects.create(user=clerk, level=Level.SECRET)
    client.force_login(clerk)
    url = reverse("archive_correspondence_route", args=[record.pk])
    # The colleague has no clearance for Gizli.
    response = client.post(url, {"users": [colleague.pk], "purpose": "GRG"})
    assert "users" in response.context["form"].errors
    Clearance.objects.create(user=colleague, level=Level.SECRET)
    response = client.post(url, {"users": [colleague.pk], "purpose": "GRG", "due_on": "2026-01-30"})
    assert "due_on" in response.context["form"].errors
    colleague.is_active = False
    colleague.save()
    response = client.post(url, {"users": [colleague.pk], "purpose": "GRG"})
    assert "users" in response.context["form"].errors
    assert not Routing.objects.exists()


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, record, name, data, label="EK-1"):
    return client.post(
        reverse("archive_correspondence_attach", args=[record.pk]),
        {"label": label, "kind": "DED", "description": "", "file": SimpleUploadedFile(name, data)},
    )


def test_attachments_are_versioned_with_sha256_and_never_overwritten(client, clerk, settings):
    record = CorrespondenceFactory()
    client.force_login(clerk)
    first = pdf_bytes()
    second = first + b"% v2\n"
    assert upload(client, record, "../../etc/Dilekçe.pdf", first).status_code == 302
    assert upload(client, record, "Dilekçe.pdf", second).status_code == 302
    v1, v2 = Attachment.objects.order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert v1.sha256 == hashlib.sha256(first).hexdigest()
    assert v2.sha256 == hashlib.sha256(second).hexdigest()
    assert v1.original_name == "Dilekçe.pdf"
    assert v1.file.name != v2.file.name
    assert ".." not in v1.file.name
    assert str(settings.PRIVATE_MEDIA_ROOT) in v1.file.path
    response = client.get(reverse("archive_correspondence_file", args=[record.pk, v1.pk]))
    assert b"".join(response.streaming_content) == first


def docm_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fatura.pdf", b"MZ\x90\x00program"),
        ("rapor.docx", docm_bytes()),
        ("rapor.docm", b"%PDF-1.4 not really"),
        ("resim.pdf", b"\x00\x01\x02\x03binary"),
    ],
)
def test_executables_macros_and_unknown_types_are_refused(client, clerk, name, data):
    record = CorrespondenceFactory()
    client.force_login(clerk)
    response = upload(client, record, name, data)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Attachment.objects.exists()
