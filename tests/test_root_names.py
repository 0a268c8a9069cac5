"""Staff never see Wagtail's "Root": the page tree's root is "Sayfalar" (the explorer's
title, the first crumb of every page's breadcrumbs, the page chooser's top) and the
collections' root "Tüm koleksiyonlar" (the group form's collection lists); a site's root
page is called "sitenin ana sayfası" (cms migration 0009, Kalem's catalogue)."""

import re

import pytest
from bs4 import BeautifulSoup

from cms.roles import PRESS
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

ROOT = re.compile(r"\broot\b", re.IGNORECASE)


def shown(response):
    """The page's visible text, piece by piece, and every drop-down list's options, also
    those of the form rows its "add" buttons insert (Wagtail keeps them in a <template>,
    whose text BeautifulSoup leaves out: the group form's collection lists)."""
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    options = [str(option.string).strip() for option in soup.find_all("option")]
    return list(soup.stripped_strings) + options


@pytest.mark.indexed
def test_superuser_screens_listing_the_tree_never_say_root(client, superuser, home):
    child = publish_child(home, StandardPageFactory(title="Duyurular", slug="duyurular"))
    client.force_login(superuser)
    screens = {
        "explorer at the top": "/admin/pages/",
        "explorer below": f"/admin/pages/{child.pk}/",
        "editor": f"/admin/pages/{child.pk}/edit/",
        "history": f"/admin/pages/{child.pk}/history/",
        "page chooser": "/admin/choose-page/",
        "new group": "/admin/groups/new/",
        "new site": "/admin/sites/new/",
    }

    texts = {name: shown(client.get(path)) for name, path in screens.items()}

    assert {name: [t for t in text if ROOT.search(t)] for name, text in texts.items()} == (
        dict.fromkeys(screens, [])
    )
    soup = BeautifulSoup(client.get(f"/admin/pages/{child.pk}/").content, "html.parser")
    crumbs = [
        item.get_text(" ", strip=True)
        for item in soup.select("[data-w-breadcrumbs-target] li, .w-breadcrumbs li")
    ]
    assert crumbs[:2] == ["Sayfalar", home.title]
    assert "Sayfa ağacı: Sayfalar" in texts["explorer at the top"]
    assert "Tüm koleksiyonlar" in texts["new group"]
    assert "Sitenin ana sayfası" in " ".join(texts["new site"])


def test_the_press_office_choosing_a_page_sees_sayfalar_at_the_top(client, user_with_role, home):
    client.force_login(user_with_role(PRESS))

    response = client.get(f"/admin/choose-page/{home.pk}/")

    assert response.status_code == 200
    text = shown(response)
    assert [t for t in text if ROOT.search(t)] == []
