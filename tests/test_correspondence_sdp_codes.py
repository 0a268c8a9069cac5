"""`manage.py load_sdp_codes file.csv`: the office's Standard File Plan codes from a CSV
file, every row checked first, Turkish messages naming the row and column, nothing
written when anything is wrong, and a dry run."""

import io

import pytest
from django.core.management import CommandError, call_command

from archive.correspondence.models import SdpCode

pytestmark = pytest.mark.django_db


def load(tmp_path, content, *args, encoding="utf-8"):
    path = tmp_path / "sdp.csv"
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("load_sdp_codes", str(path), *args, stdout=out)
    return out.getvalue()


def codes():
    return dict(SdpCode.objects.values_list("code", "title"))


def test_a_good_file_adds_new_codes_and_retitles_known_ones(tmp_path):
    before = SdpCode.objects.count()
    output = load(
        tmp_path,
        "kod;başlık;aktif\n"
        "300;Basın ve Halkla İlişkiler İşleri;evet\n"
        "300.01;Basın Bildirileri\n"
        "300.02;Tebrik, Teşekkür ve Taziye Yazıları;\n"
        "010.03;Yönetmelikler (iç);hayır\n",
    )
    assert SdpCode.objects.count() == before + 3
    assert codes()["300.02"] == "Tebrik, Teşekkür ve Taziye Yazıları"
    retitled = SdpCode.objects.get(code="010.03")
    assert (retitled.title, retitled.active) == ("Yönetmelikler (iç)", False)
    assert output.splitlines()[-1] == "3 kod eklendi, 1 kod değişti, 0 kod aynı kaldı."


def test_excel_turkish_csv_in_windows_1254_with_commas(tmp_path):
    load(tmp_path, "301,Özel Kalem Yazışmaları\n301.01,Şikâyetler\n", encoding="cp1254")
    assert codes()["301.01"] == "Şikâyetler"


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    load(tmp_path, "300;Basın İşleri\n")
    output = load(tmp_path, "300;Basın İşleri\n")
    assert output.splitlines()[-1] == "0 kod eklendi, 0 kod değişti, 1 kod aynı kaldı."


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    before = codes()
    output = load(tmp_path, "300;Basın İşleri\n010.03;Yeni başlık\n", "--dry-run")
    assert codes() == before
    assert "+ 300 Basın İşleri" in output
    assert "~ 010.03 Yeni başlık" in output
    assert output.splitlines()[-1].startswith("Deneme, hiçbir şey yazılmadı: 1 kod eklendi")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "300;Basın\n30A;Yanlış\n",
            "Satır 2, sütun 1 (kod): “30A” 010.03 gibi bir dosya planı kodu değil.",
        ),
        ("300;Basın\n300;Yine\n", "Satır 2, sütun 1 (kod): 300 zaten 1. satırda var."),
        ("300;\n", "Satır 1, sütun 2 (başlık): başlık boş."),
        ("300;" + "x" * 251 + "\n", "Satır 1, sütun 2 (başlık): başlık 250 karakterden uzun."),
        ("300;Basın;belki\n", "Satır 1, sütun 3 (kullanımda): “evet” ya da “hayır” yazın."),
        ("300\n", "Satır 1: 2 ya da 3 sütun beklenirdi (kod; başlık; kullanımda), 1 bulundu."),
        (
            "399.01;Üst kodu yok\n",
            "Satır 1, sütun 1 (kod): üst kod 399 ne dosyada ne de kayıtlarda var.",
        ),
    ],
)
def test_each_error_names_row_and_column_and_nothing_is_written(tmp_path, content, message):
    before = codes()
    with pytest.raises(CommandError) as error:
        load(tmp_path, content)
    assert message in str(error.value).splitlines()
    assert codes() == before


def test_one_bad_row_among_good_ones_writes_none_of_them(tmp_path):
    before = codes()
    with pytest.raises(CommandError) as error:
        load(tmp_path, "300;Basın\n300.01;Bildiriler\n300.02;\n")
    assert str(error.value).splitlines()[0] == "1 hata var; hiçbir şey yazılmadı:"
    assert codes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"300;\x81\x8d\n", "Dosya ne UTF-8 ne de Windows-1254 (Türkçe) metni."),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Dosya metin değil (NUL baytları içeriyor)."),
        (b"", "Dosyada hiç kod yok; hiçbir şey yazılmadı."),
    ],
)
def test_files_that_are_not_a_code_list_are_refused(tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        load(tmp_path, content)
    assert str(error.value) == message


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("load_sdp_codes", str(tmp_path / "yok.csv"))
    assert str(error.value) == f"Dosya bulunamadı: {tmp_path / 'yok.csv'}"
