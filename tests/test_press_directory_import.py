"""CSV import of the press directory: preview, every bad line reported, nothing written
unless confirmed and valid; UTF-8 (with or without BOM) and Windows-1254."""

import codecs

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.roles import PRESS
from press.importing import ContactImporter, CsvError, decode
from press.models import MediaOutlet, PressContact
from tests.factories.press import MediaOutletFactory, PressContactFactory

pytestmark = pytest.mark.django_db

HEADER = "Ad Soyad;Kuruluş;Görev;Cep;E-posta;Onay;Onay tarihi;Aktif\n"
GOOD = (
    HEADER
    + "Ayşe Işık;Ege Postası;muhabir;0532 000 00 01;ayse@egepostasi.example;evet;01.10.2026;evet\n"
    + "Çağrı Öztürk;Ege Postası;Köşe yazarı;;cagri@egepostasi.example;hayır;;evet\n"
)


@pytest.fixture
def outlet(db):
    return MediaOutletFactory(name="Ege Postası")


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    return client


def upload(client, content, encoding="utf-8", name="rehber.csv"):
    data = content.encode(encoding) if isinstance(content, str) else content
    return client.post(
        reverse("press_import", kwargs={"kind": "contacts"}),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_good_file_is_previewed_then_written_only_on_confirmation(press_client, outlet):
    response = upload(press_client, GOOD)
    assert response.status_code == 200
    assert "2 satır içe aktarılmaya hazır." in page_text(response)
    assert PressContact.objects.count() == 0

    token = response.context["token"]
    response = press_client.post(
        reverse("press_import", kwargs={"kind": "contacts"}), {"confirm": "1", "token": token}
    )
    assert response.status_code == 302
    ayse = PressContact.objects.get(email="ayse@egepostasi.example")
    assert (ayse.name, ayse.outlet, ayse.role, ayse.consent) == (
        "Ayşe Işık",
        outlet,
        "reporter",
        True,
    )
    assert str(ayse.consent_date) == "2026-10-01"
    cagri = PressContact.objects.get(email="cagri@egepostasi.example")
    assert cagri.role == "columnist" and not cagri.consent
    assert ayse.history.count() == 1  # the import is in the record's history


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1254"], ids=["utf8", "utf8-bom", "windows-1254"]
)
def test_utf8_with_or_without_bom_and_windows_1254_are_read(outlet, encoding):
    preview = ContactImporter().read(GOOD.encode(encoding))
    assert preview.ok
    assert [row.values["name"] for row in preview.rows] == ["Ayşe Işık", "Çağrı Öztürk"]


def test_file_with_bad_rows_lists_every_line_and_writes_nothing(press_client, outlet):
    PressContactFactory(email="eski@example.com")
    content = (
        HEADER
        + "Ayşe Işık;Ege Postası;muhabir;;ayse@example.com;evet;;evet\n"  # line 2 ok
        + ";Ege Postası;muhabir;;bos@example.com;evet;;evet\n"  # 3: no name
        + "Ali Veli;Ege Postası;muhabir;;gecersiz-eposta;evet;;evet\n"  # 4: bad e-mail
        + "Can Er;Yok Gazetesi;muhabir;;can@example.com;evet;;evet\n"  # 5: unknown outlet
        + "Deniz Ak;Ege Postası;muhabir;;AYSE@example.com;evet;;evet\n"  # 6: duplicate of 2
        + "Ece Su;Ege Postası;muhabir;;eski@example.com;evet;;evet\n"  # 7: already known
        + "Fatma Ay;Ege Postası;muhabir;;fatma@example.com;belki;;evet\n"  # 8: bad yes/no
        + "Gül Kar;Ege Postası;muhabir;;gul@example.com;evet;32.13.2026;evet\n"  # 9: bad date
    )
    response = upload(press_client, content)
    text = page_text(response)
    assert "7 satırda hata var" in text
    errors = {
        int(item.text.split(":")[0].removeprefix("Satır ")): item.text
        for item in BeautifulSoup(response.content, "html.parser").select(".import-errors li")
    }
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "Ad: Bu alan zorunludur." in errors[3]
    assert "Geçerli bir e-posta adresi girin." in errors[4]
    assert "“Yok Gazetesi” rehberde yok" in errors[5]
    assert "Yinelenen e-posta AYSE@example.com: 2. satırda da var." in errors[6]
    assert "Bu e-posta adresiyle bir kişi zaten kayıtlı." in errors[7]
    assert "“belki” yerine “evet” ya da “hayır”" in errors[8]
    assert "Onay tarihi" in errors[9]
    # Nothing to confirm: no button, and no file kept for a confirmation to import.
    assert 'name="confirm"' not in response.content.decode()
    assert "press-import" not in press_client.session
    assert PressContact.objects.count() == 1

    # A forged confirmation cannot write a file that failed the preview.
    press_client.post(
        reverse("press_import", kwargs={"kind": "contacts"}), {"confirm": "1", "token": "x"}
    )
    assert PressContact.objects.count() == 1


def test_missing_columns_are_reported(press_client, outlet):
    response = upload(press_client, "Kuruluş;Telefon\nEge Postası;0232\n")
    assert "Eksik sütunlar: Ad Soyad, E-posta." in page_text(response)
    assert PressContact.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV metin dosyasına benzemiyor"),
        (b"", "Gönderilen dosya boş"),
        (b"Ad Soyad;E-posta\n", "başlık satırı var ama kayıt yok"),
    ],
    ids=["utf16", "binary", "empty", "header-only"],
)
def test_unreadable_files_are_refused_with_a_reason(press_client, outlet, content, message):
    response = upload(press_client, content)
    assert response.status_code == 200
    assert message in page_text(response)
    assert PressContact.objects.count() == 0


def test_windows_1254_bytes_that_are_not_utf8_are_detected():
    assert decode("Şükrü Güneş".encode("cp1254")) == "Şükrü Güneş"
    with pytest.raises(CsvError):
        decode(b"ab\x00cd")


def test_outlets_import_maps_turkish_kind_and_scope(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    content = (
        "Ad,Tür,Kapsam,Telefon,E-posta,Sorumlu Müdür,Yayın aralığı\n"
        "Körfez Haber,internet haber sitesi,yerel,0232,info@korfez.example,Ali Er,\n"
        "Haftalık Ege,gazete (haftalık),Ulusal,,,,7\n"
    )
    url = reverse("press_import", kwargs={"kind": "outlets"})
    response = client.post(url, {"file": SimpleUploadedFile("k.csv", content.encode())})
    assert response.context["preview"].ok, response.context["preview"].bad_rows[0].errors
    client.post(url, {"confirm": "1", "token": response.context["token"]})
    korfez = MediaOutlet.objects.get(name="Körfez Haber")
    assert (korfez.kind, korfez.scope, korfez.responsible_manager) == (
        "internet",
        "local",
        "Ali Er",
    )
    weekly = MediaOutlet.objects.get(name="Haftalık Ege")
    assert (weekly.kind, weekly.scope, weekly.rhythm_days) == ("weekly", "national", 7)


def test_unclosed_quotation_mark_is_reported_with_its_line_not_as_missing_columns(
    press_client, outlet
):
    broken = (
        HEADER
        + "Ayşe Işık;Ege Postası;muhabir;;ayse@example.com;evet;;evet\n"
        + '"Çağrı Öztürk;Ege Postası;muhabir;;cagri@example.com;evet;;evet\n'
        + "Mehmet Kaya;Ege Postası;muhabir;;mehmet@example.com;evet;;evet\n"
    )
    response = upload(press_client, broken)
    assert response.status_code == 200
    text = page_text(response)
    assert "Dosya 3. satırdan itibaren CSV olarak okunamadı" in text
    assert "Eksik sütunlar" not in text
    assert PressContact.objects.count() == 0


def test_a_note_over_two_lines_keeps_the_line_numbers_of_later_rows(press_client, outlet):
    content = (
        "Ad Soyad;E-posta;Notlar\n"
        + 'Ayşe Işık;ayse@example.com;"birinci satır\nikinci satır"\n'
        + "Mehmet Kaya;bozuk-adres;\n"
    )
    response = upload(press_client, content)
    preview = response.context["preview"]
    assert [row.line for row in preview.bad_rows] == [4]
