"""Field labels that start with "i" read with a dotted capital İ. Django and Wagtail write
a field's label as capfirst(verbose_name), and Python's str.upper() turns "i" into the
dotless "I": "ilgili sayfa" became "Ilgili sayfa", "imzalayan" "Imzalayan" on every form
(seen on the clipping and tekzip forms' screenshots). Kalem's catalogue therefore writes
such names with "İ" already, and capfirst leaves them as they are."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR).resolve()


def kalem_models():
    """Kalem's own models (not Wagtail's, Django's or django-simple-history's copies)."""
    for model in apps.get_models():
        source = Path(apps.get_app_config(model._meta.app_label).path).resolve()
        own = source.is_relative_to(PROJECT) and ".venv" not in source.parts
        if own and not model.__name__.startswith("Historical"):
            yield model


def test_no_label_or_model_name_starts_with_a_lower_case_i():
    with translation.override("tr"):
        names = {
            f"{model._meta.label}.{field.name}": str(field.verbose_name)
            for model in kalem_models()
            # Fields a form shows (the others never get a capfirst label on a form).
            for field in model._meta.local_fields + model._meta.local_many_to_many
            # A name left untranslated (Django's default, the field's own name) is
            # English and starts with no Turkish letter; only translated ones count.
            if field.editable and str(field.verbose_name) != field.name.replace("_", " ")
        }
        names |= {
            f"{model._meta.label} ({kind})": str(getattr(model._meta, kind))
            for model in kalem_models()
            for kind in ("verbose_name", "verbose_name_plural")
        }
    assert len(names) > 300  # every app's models were found
    assert {key: name for key, name in names.items() if name.startswith("i")} == {}


DOTLESS_CAPITAL = re.compile(r"\bI[a-zçğöşü]")


@pytest.mark.parametrize(
    ("path", "labels"),
    [
        ("/admin/press/pressclipping/create/", ["İlgili sayfa"]),
        (
            "/admin/snippets/press/denialnotice/add/",
            ["İtiraz edilen bölüm", "İmzalayan", "İmzalayanın unvanı"],
        ),
    ],
)
def test_forms_label_fields_with_a_dotted_capital_i(client, superuser, path, labels):
    client.force_login(superuser)

    response = client.get(path)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [label.get_text(" ", strip=True).rstrip(" *") for label in soup.find_all("label")]
    assert [label for label in labels if label in shown] == labels
    assert [text for text in shown if DOTLESS_CAPITAL.search(text)] == []


def test_the_letter_form_labels_and_its_add_a_recipient_button_read_in_turkish(client, superuser):
    client.force_login(superuser)

    response = client.get("/admin/evrak/kayitlar/add/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    labels = [label.get_text(" ", strip=True).rstrip(" *") for label in soup.find_all("label")]
    assert {"İmzalayan", "İmzalayanın unvanı", "İlgi"} <= set(labels)
    assert [text for text in labels if DOTLESS_CAPITAL.search(text)] == []
    # Wagtail's Turkish said "Ekle Alıcı": the verb comes last in Turkish.
    buttons = [button.get_text(" ", strip=True) for button in soup.find_all("button")]
    assert "Alıcı ekle" in buttons
    assert [text for text in buttons if text.startswith("Ekle ")] == []
