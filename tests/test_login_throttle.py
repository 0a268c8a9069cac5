"""Login throttling: a guessed password stops working after a few tries, in Turkish, each
failure is on record, and the Müdür can lift the lock."""

import pytest
from axes.models import AccessFailureLog
from bs4 import BeautifulSoup
from django.conf import settings

from cms.roles import CLERK, HEAD, PRESS

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKED_LOGINS = "/admin/girisler/kilitli/"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def editor(user_with_role):
    return user_with_role(PRESS, username="ayse")  # password "test-password"


def lock_out(client, username, attempts=30):
    return [log_in(client, username, f"tahmin-{number}") for number in range(attempts)]


def test_after_30_wrong_passwords_the_right_one_is_refused_with_a_turkish_message(client, editor):
    answers = lock_out(client, "ayse")

    # The first failures are the ordinary form error; from the limit on, the lock page.
    assert [a.status_code for a in answers[: settings.AXES_FAILURE_LIMIT - 1]] == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert {a.status_code for a in answers[settings.AXES_FAILURE_LIMIT :]} == {429}

    response = log_in(client, "ayse", "test-password")
    assert response.status_code == 429
    text = BeautifulSoup(response.content, "html.parser").select_one(".messages").get_text()
    assert "Çok fazla hatalı giriş" in text
    assert "30 dakika" in text
    assert not is_logged_in(client)


def test_every_failed_login_is_recorded_with_the_user_name(client, editor):
    for _ in range(3):
        log_in(client, "ayse", "yanlis")
    log_in(client, "olmayan-kisi", "yanlis")

    assert list(
        AccessFailureLog.objects.order_by("attempt_time").values_list("username", flat=True)
    ) == ["ayse", "ayse", "ayse", "olmayan-kisi"]


def test_a_correct_login_before_the_limit_resets_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "ayse", "yanlis")
    assert log_in(client, "ayse", "test-password").status_code == 302
    client.post("/admin/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "ayse", "yanlis")

    assert log_in(client, "ayse", "test-password").status_code == 302
    assert is_logged_in(client)


def test_a_lock_on_one_user_name_leaves_colleagues_free(client, editor, user_with_role):
    user_with_role(CLERK, username="mehmet")
    lock_out(client, "ayse", attempts=settings.AXES_FAILURE_LIMIT)

    assert log_in(client, "mehmet", "test-password").status_code == 302


def test_the_mudur_sees_the_lock_and_unlocks_it(client, editor, user_with_role):
    lock_out(client, "ayse")
    mudur = user_with_role(HEAD, username="mudur")
    client.force_login(mudur)

    page = client.get(LOCKED_LOGINS)
    assert page.status_code == 200
    rows = BeautifulSoup(page.content, "html.parser").select("table.listing tbody tr")
    assert "ayse" in rows[0].get_text()

    response = client.post(LOCKED_LOGINS, {"username": "ayse"}, follow=True)
    assert "ayse” kullanıcısının girişi açıldı" in response.content.decode()

    client.logout()
    assert log_in(client, "ayse", "test-password").status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize("role", [PRESS, CLERK])
def test_other_roles_can_neither_see_nor_lift_a_lock(client, editor, user_with_role, role):
    lock_out(client, "ayse", attempts=settings.AXES_FAILURE_LIMIT)
    client.force_login(user_with_role(role, username="baska"))

    # Wagtail answers a refused admin screen by sending the user back to the dashboard.
    for response in (client.get(LOCKED_LOGINS), client.post(LOCKED_LOGINS, {"username": "ayse"})):
        assert response.status_code == 302
        assert response.url == "/admin/"

    client.logout()
    assert log_in(client, "ayse", "test-password").status_code == 429


def test_unlocking_a_name_that_is_not_locked_says_so(client, superuser):
    client.force_login(superuser)
    response = client.post(LOCKED_LOGINS, {"username": "kimse"}, follow=True)
    assert "“kimse” kilitli değil." in response.content.decode()
