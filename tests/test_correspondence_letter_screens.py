"""The admin screens for the mayor's letters: "letter from a template" (choose a template,
the addressee or a distribution group, preview, create drafts) and the progress screen of
a batch (how many numbered and made, which failed and why), each role against each URL."""

import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from archive.correspondence import bulk, letters
from archive.correspondence.models import (
    Correspondence,
    DistributionGroup,
    DistributionGroupMember,
    LetterFailure,
)
from cms.confidentiality import Level
from cms.models import Clearance
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.cms import set_detsis
from tests.factories.correspondence import sdp

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]

TEMPLATE_URL = reverse("archive_correspondence_template")
REFUSED = (302, "/admin/")


@pytest.fixture(autouse=True)
def detsis(db):
    set_detsis("19248251")


@pytest.fixture
def group(db):
    group = DistributionGroup.objects.create(name="İlçe belediye başkanları")
    for name in ("Ali Yıldız", "Ayşe Kara", "Can Er"):
        DistributionGroupMember.objects.create(group=group, name=name, title="Belediye Başkanı")
    return group


def greeting(**extra):
    return {
        "value_bayram": "Ramazan Bayramı",
        "sdp_code": "010.03",  # the code; its row id is looked up when posting
        "signatory_name": "Hasan Çelik",
        "signatory_title": "Belediye Başkanı",
        **extra,
    }


def post_greeting(client, data):
    if data.get("sdp_code"):
        data = {**data, "sdp_code": sdp(data["sdp_code"]).pk}
    return client.post(f"{TEMPLATE_URL}?sablon=bayram-tebrik", data)


def test_the_screen_lists_the_templates_and_asks_for_the_chosen_ones_values(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    page = client.get(TEMPLATE_URL).content.decode()
    for slug in ("bayram-tebrik", "atama-tebrik", "taziye", "tesekkur", "davet"):
        assert f"?sablon={slug}" in page
    form = client.get(TEMPLATE_URL, {"sablon": "davet"}).context["form"]
    assert {"value_tarih", "value_saat", "value_yer", "value_etkinlik"} <= set(form.fields)
    assert "value_ad" not in form.fields  # filled from each addressee


def test_preview_shows_the_filled_letter_and_creates_nothing(client, user_with_role, group):
    client.force_login(user_with_role(CLERK))
    response = post_greeting(client, greeting(group=group.pk, preview="1"))
    page = response.content.decode()
    assert "Sayın Belediye Başkanı Ali Yıldız," in page
    assert "Ramazan Bayramı münasebetiyle" in page
    assert "3 yazı oluşturulacak." in page
    assert not Correspondence.objects.exists()


def test_one_addressee_makes_one_draft_and_opens_it(client, user_with_role):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    response = client.post(
        f"{TEMPLATE_URL}?sablon=taziye",
        {
            "value_merhum": "Mehmet Demir",
            "name": "Zeynep Demir",
            "title": "Sayın",
            "address": "Alsancak, İzmir",
            "sdp_code": sdp("010.03").pk,
            "create": "1",
        },
    )
    record = Correspondence.objects.get()
    assert response["Location"] == reverse(
        "wagtailsnippets_archive_correspondence:edit", args=[record.pk]
    )
    assert (record.kind, record.live, record.number) == ("taziye", False, "")
    assert record.party_name == "Sayın Zeynep Demir"
    assert "Mehmet Demir'in vefatını" in record.body
    assert record.owner == clerk


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (greeting(), "name", "Muhatabın adı: bir dağıtım grubu seçin ya da bir ad girin."),
        (greeting(name="Ali", value_bayram=""), "value_bayram", "Bu alan zorunludur."),
        (greeting(name="Ali", kep="kep-değil"), "kep", "Geçerli bir e-posta adresi girin."),
        (greeting(name="Ali", sdp_code=""), "sdp_code", "Bu alan zorunludur."),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client, user_with_role, data, field, message):
    client.force_login(user_with_role(CLERK))
    response = post_greeting(client, {**data, "create": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Correspondence.objects.exists()


def test_an_empty_group_is_refused(client, user_with_role):
    empty = DistributionGroup.objects.create(name="Boş grup")
    client.force_login(user_with_role(CLERK))
    response = post_greeting(client, greeting(group=empty.pk, create="1"))
    assert response.context["form"].errors["group"] == ["Dağıtım grubu: grubun hiç üyesi yok."]


def test_a_group_greeting_is_approved_in_one_step_and_its_progress_shown(
    client, user_with_role, group, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(CLERK, "evrak"))
    response = post_greeting(client, greeting(group=group.pk, create="1"))
    batch = Correspondence.objects.values_list("batch", flat=True).first()
    progress_url = reverse("archive_correspondence_batch", args=[batch])
    assert response["Location"] == progress_url
    page = client.get(progress_url)
    assert page.context["progress"] == {"total": 3, "numbered": 0, "built": 0, "failed": 0}
    assert page.context["can_approve"] is False  # a clerk does not approve

    client.force_login(user_with_role(HEAD, "mudur"))
    assert client.get(progress_url).context["can_approve"] is True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive_correspondence_batch_approve", args=[batch]))
    page = client.get(progress_url)
    assert page.context["progress"] == {"total": 3, "numbered": 3, "built": 3, "failed": 0}
    assert "E-19248251-010.03-3" in page.content.decode()
    letter = Correspondence.objects.get(number="E-19248251-010.03-1").attachments.get()
    text = PdfReader(io.BytesIO(letter.file.read())).pages[0].extract_text()
    assert "Ali Yıldız" in text


def test_approving_without_a_file_plan_code_numbers_none_and_says_why(
    client, user_with_role, group
):
    head = user_with_role(HEAD, "mudur")
    batch, records = bulk.create_batch(
        bulk_template(), group, {"bayram": "Kurban Bayramı"}, sdp_code=None, user=head
    )
    client.force_login(head)
    response = client.post(
        reverse("archive_correspondence_batch_approve", args=[batch]), follow=True
    )
    assert "Dosya planı kodu" in response.content.decode()
    assert not Correspondence.objects.exclude(number="").exists()


def bulk_template():
    from archive.correspondence.letters import TEMPLATES_BY_SLUG

    return TEMPLATES_BY_SLUG["bayram-tebrik"]


def test_a_failed_pdf_is_shown_with_its_reason_and_made_again(
    client, user_with_role, group, monkeypatch, django_capture_on_commit_callbacks
):
    head = user_with_role(HEAD, "mudur")
    batch, records = bulk.create_batch(
        bulk_template(), group, {"bayram": "Kurban Bayramı"}, sdp_code=sdp("010.03"), user=head
    )
    real = letters.letter_pdf

    def broken_for_can(record):
        if "Can Er" in record.party_name:
            raise OSError("yazı tipi bulunamadı")
        return real(record)

    monkeypatch.setattr(letters, "letter_pdf", broken_for_can)
    with django_capture_on_commit_callbacks(execute=True):
        bulk.approve_batch(batch, head)
    client.force_login(head)
    url = reverse("archive_correspondence_batch", args=[batch])
    page = client.get(url)
    assert page.context["progress"] == {"total": 3, "numbered": 3, "built": 2, "failed": 1}
    assert "yazı tipi bulunamadı" in page.content.decode()
    assert LetterFailure.objects.get().correspondence.party_name.endswith("Can Er")

    monkeypatch.setattr(letters, "letter_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive_correspondence_batch_retry", args=[batch]))
    assert client.get(url).context["progress"]["failed"] == 0
    assert client.get(url).context["progress"]["built"] == 3


@pytest.fixture
def secret_batch(user_with_role, group):
    head = user_with_role(HEAD, "mudur-1")
    batch, _ = bulk.create_batch(
        bulk_template(), group, {"bayram": "Kurban Bayramı"}, sdp_code=sdp("010.03"), user=head
    )
    return batch


# (role, template screen GET, batch screen GET, approve POST numbers the batch)
ROLE_CASES = [
    (PRESS, REFUSED, REFUSED, False),
    (PHOTO_ARCHIVE, REFUSED, REFUSED, False),
    (CLERK, (200, ""), (200, ""), False),
    (HEAD, (200, ""), (200, ""), True),
]


def answer(response):
    return response.status_code, response.get("Location", "") if response.status_code == 302 else ""


@pytest.mark.parametrize(("role", "template_screen", "batch_screen", "approves"), ROLE_CASES)
def test_each_role_against_each_url(
    client, user_with_role, secret_batch, role, template_screen, batch_screen, approves
):
    client.force_login(user_with_role(role, "kisi"))
    batch_url = reverse("archive_correspondence_batch", args=[secret_batch])
    assert answer(client.get(TEMPLATE_URL)) == template_screen
    assert answer(client.get(f"{TEMPLATE_URL}?sablon=taziye")) == template_screen
    post_greeting(client, greeting(name="Ali", create="1"))
    assert Correspondence.objects.filter(party_name="Ali").exists() is (
        template_screen == (200, "")
    )
    assert answer(client.get(batch_url)) == batch_screen
    response = client.post(reverse("archive_correspondence_batch_approve", args=[secret_batch]))
    assert response.status_code == 302
    numbered = bulk.batch_records(secret_batch).exclude(number="").count()
    assert numbered == (3 if approves else 0)
    retry = client.post(reverse("archive_correspondence_batch_retry", args=[secret_batch]))
    assert answer(retry) == (REFUSED if batch_screen == REFUSED else (302, batch_url))


def test_a_batch_above_the_users_clearance_is_not_found(client, user_with_role, secret_batch):
    bulk.batch_records(secret_batch).update(confidentiality=Level.SECRET)
    clerk = user_with_role(CLERK, "evrak")
    Clearance.objects.create(user=clerk, level=Level.RESTRICTED)
    client.force_login(clerk)
    for name in ("batch", "batch_approve", "batch_retry"):
        url = reverse(f"archive_correspondence_{name}", args=[secret_batch])
        assert client.get(url).status_code == 404, name


def test_an_unknown_batch_is_not_found(client, user_with_role):
    client.force_login(user_with_role(HEAD))
    url = reverse("archive_correspondence_batch", args=[uuid.uuid4()])
    assert client.get(url).status_code == 404
