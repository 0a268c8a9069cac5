"""Every wagtail-modeladmin screen Kalem registers reads in Turkish: the list (with
records, searched without a match, and empty), the add and edit forms (and the add form
sent back with errors), the delete confirmation (and the refusal when other records
still point at the record), modeladmin's log history (with entries and without) and
Kalem's record history. wagtail-modeladmin's own Turkish catalogue leaves phrases in
English ("1 out of 1", "By tone"), and its log history wrote the literals "User" and
"system"; this test reads the text a user sees on each screen and looks for English UI
words in it."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import get_resolver, reverse
from wagtail.log_actions import log

from cms.history import history_url
from tests.factories.press import (
    DistributionListFactory,
    MediaOutletFactory,
    PressClippingFactory,
    PressContactFactory,
)

pytestmark = pytest.mark.django_db

# Each registered modeladmin's model, the factory making one record of it, and for a
# model other records point at (on_delete=PROTECT), how to make one such record.
ADMINS = {
    "press_mediaoutlet": (MediaOutletFactory, lambda outlet: PressClippingFactory(outlet=outlet)),
    "press_presscontact": (PressContactFactory, None),
    "press_distributionlist": (DistributionListFactory, None),
    "press_pressclipping": (PressClippingFactory, None),
}

# English words of Wagtail's and modeladmin's UI ("Add", "Search", "Filter", "1 out of
# 1", "No outlets have been created", "Sorry, there are no ...", "Yes, delete", "History",
# "User", "system", ...). Compared word by word with the words on the screen, so a
# Turkish word that merely contains one ("Tarih" and "Add" share nothing; "Ege" is not
# "Edit") does not count.
ENGLISH = {
    "Add",
    "Search",
    "Filter",
    "Filters",
    "Edit",
    "Delete",
    "Inspect",
    "History",
    "Save",
    "Cancel",
    "Choose",
    "Actions",
    "Action",
    "User",
    "system",
    "System",
    "Date",
    "Yes",
    "No",
    "All",
    "By",
    "Previous",
    "Next",
    "Page",
    "More",
    "Create",
    "Editing",
    "New",
    "Confirm",
    "Download",
    "Export",
    "Clear",
    "Remove",
    "Select",
    "Show",
    "Close",
    "Loading",
    "out",
    "of",
    "have",
    "been",
    "created",
    "There",
    "are",
    "no",
    "to",
    "display",
    "Sorry",
    "matching",
    "your",
    "search",
    "parameters",
    "the",
    "and",
    "is",
    "could",
    "not",
    "be",
    "deleted",
    "referenced",
    "Go",
    "back",
    "listing",
    "Last",
    "updated",
    "errors",
    "saved",
    "Please",
    "correct",
    "required",
    "field",
    "This",
}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def visible_words(response):
    """The words a user sees or hears on the page: its text (not scripts, styles or
    templates) and the text held in attributes (tooltips, placeholders, labels read
    aloud, buttons' values)."""
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    texts = list(soup.stripped_strings)
    for element in soup.find_all(True):
        texts += [element[name] for name in ATTRIBUTES if element.get(name)]
        if element.name == "input" and element.get("type") in {"submit", "button"}:
            texts.append(element.get("value", ""))
    return set(re.findall(r"[^\W\d_]+", " ".join(texts)))


def url(prefix, action, *args):
    return reverse(f"{prefix}_modeladmin_{action}", args=args)


def registered_prefixes():
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    suffix = "_modeladmin_index"
    return {name.removesuffix(suffix) for name in names if name.endswith(suffix)}


def test_every_registered_modeladmin_is_checked():
    assert registered_prefixes() == set(ADMINS)


@pytest.mark.parametrize("prefix", sorted(ADMINS))
@pytest.mark.indexed
def test_modeladmin_screens_show_no_english(client, superuser, prefix):
    factory, make_reference = ADMINS[prefix]
    client.force_login(superuser)
    screens = {"empty list": client.get(url(prefix, "index"))}
    record = factory()
    unlogged = factory()
    log(record, "wagtail.create", user=None)  # an entry without a user: "system"
    log(record, "wagtail.edit", user=superuser)
    screens |= {
        "list": client.get(url(prefix, "index")),
        "search without match": client.get(url(prefix, "index"), {"q": "zzzzqqq"}),
        "add": client.get(url(prefix, "create")),
        "edit": client.get(url(prefix, "edit", record.pk)),
        "delete": client.get(url(prefix, "delete", record.pk)),
        "log history": client.get(url(prefix, "history", record.pk)),
        "empty log history": client.get(url(prefix, "history", unlogged.pk)),
        "record history": client.get(history_url(record)),
        "add with errors": client.post(url(prefix, "create"), {}),
    }
    if make_reference:
        make_reference(record)
        screens["delete refused"] = client.post(url(prefix, "delete", record.pk))
    screens["deleted"] = client.post(url(prefix, "delete", unlogged.pk), follow=True)

    statuses = {name: response.status_code for name, response in screens.items()}
    assert statuses == dict.fromkeys(screens, 200)
    english = {name: sorted(visible_words(page) & ENGLISH) for name, page in screens.items()}
    assert english == dict.fromkeys(screens, [])


def test_log_history_names_its_columns_and_a_missing_user_in_turkish(client, superuser):
    outlet = MediaOutletFactory()
    unlogged = MediaOutletFactory()
    log(outlet, "wagtail.create", user=None)
    client.force_login(superuser)

    words = visible_words(client.get(url("press_mediaoutlet", "history", outlet.pk)))
    empty = client.get(url("press_mediaoutlet", "history", unlogged.pk))

    assert {"İşlem", "Kullanıcı", "Tarih", "Sistem"} <= words
    assert "Bu kayıt için henüz bir işlem kaydı yok." in list(
        BeautifulSoup(empty.content, "html.parser").stripped_strings
    )


def test_an_empty_list_names_itself_and_invites_the_first_record(client, superuser):
    client.force_login(superuser)

    response = client.get(url("press_mediaoutlet", "index"))

    soup = BeautifulSoup(response.content, "html.parser")
    text = " ".join(soup.select_one(".result-list").get_text().split())
    # Not "Hiç basın kuruluşları oluşturulmadı." (the plural after "Hiç").
    assert text == "Henüz basın kuruluşları listesine kayıt eklenmedi. İlkini ekleyin."
    assert soup.select_one(".result-list a")["href"] == url("press_mediaoutlet", "create")


def test_the_count_below_a_list_keeps_the_noun_singular(client, superuser):
    from tests.factories.events import AppointmentFactory, at

    MediaOutletFactory.create_batch(3)
    for day in (24, 25):
        AppointmentFactory(start=at(2026, 11, day, 14), end=at(2026, 11, day, 15))
    client.force_login(superuser)

    counts = {
        path: BeautifulSoup(client.get(path).content, "html.parser")
        .select_one(".pagination__end")
        .get_text(strip=True)
        for path in (url("press_mediaoutlet", "index"), "/admin/events/appointments/")
    }

    # Not "3 basın kuruluşları", "2 randevular": a number takes the singular in Turkish.
    assert counts == {
        url("press_mediaoutlet", "index"): "3 basın kuruluşu",
        "/admin/events/appointments/": "2 randevu",
    }
