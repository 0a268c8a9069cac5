"""The demo content loaded once for a whole test module (`load_demo` takes about ten
seconds), for modules that name both fixtures at module level:

    from tests import demo_site

    demo = demo_site.demo
    media_root = demo_site.media_root

The load runs in a transaction rolled back after the module's last test; each test's
own changes roll back to a savepoint, as usual."""

import io
import types

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, Revision


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "photos": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    media = {"MEDIA_ROOT": folder / "media", "PRIVATE_MEDIA_ROOT": folder / "private"}
    with django_db_blocker.unblock(), override_settings(**media), transaction.atomic():
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield types.SimpleNamespace(output=output.getvalue(), counts=counts(), media=media)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings, demo):
    """The demo's photos stay where the module's load wrote them (this replaces
    conftest's folder per test)."""
    for name, folder in demo.media.items():
        setattr(settings, name, folder)
    return demo.media["MEDIA_ROOT"]
