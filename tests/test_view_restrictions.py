"""What each staff role is shown beyond the screens of the permission matrix: the
dashboard's photo panel, and what the public menu shows of restricted pages."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_with_unusable_photo(home):
    expired = ArchivePhotoFactory(title="Rızası bitmiş", consent_expires=dt.date(2025, 1, 1))
    return publish_child(home, StandardPage(title="Eski Haber", lead_image=expired))


def photo_panel(client, user):
    client.force_login(user)
    html = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    return html.select_one("#unusable-photos-panel")


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, PRESS, HEAD])
@pytest.mark.indexed
def test_roles_that_work_with_photos_see_the_unusable_photos_panel(
    client, user_with_role, page_with_unusable_photo, role
):
    panel = photo_panel(client, user_with_role(role))
    assert panel is not None and "Rızası bitmiş" in panel.text


def test_the_evrak_dashboard_has_no_photo_panel(client, user_with_role, page_with_unusable_photo):
    assert photo_panel(client, user_with_role(CLERK)) is None


def menu(client):
    html = BeautifulSoup(client.get("/").content, "html.parser")
    return [a.text for a in html.select_one('nav[aria-label="Ana menü"]').select("a")]


@pytest.mark.parametrize(
    "restriction",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS],
)
def test_a_restricted_page_is_left_out_of_the_public_menu(client, home, restriction):
    publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    private = publish_child(home, StandardPageFactory(title="Personel", show_in_menus=True))
    assert menu(client) == ["Kurumsal", "Personel"]  # cached now
    PageViewRestriction.objects.create(page=private, restriction_type=restriction, password="x")
    assert menu(client) == ["Kurumsal"]
    PageViewRestriction.objects.filter(page=private).delete()
    assert menu(client) == ["Kurumsal", "Personel"]
