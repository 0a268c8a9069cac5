"""Bad input never answers 500: every URL pattern of the project, public and admin, and
every route of the routable pages, is requested with bad values in each path parameter
and in the query string, anonymously and as a superuser.

What an attacker or a careless link sends: NUL bytes (PostgreSQL refuses the whole query),
numbers past every integer type, year 99999, negative and zero ids, "../", very long
strings, letters where a number is expected, and Turkish and other non-ASCII letters.
A NUL byte or other control character anywhere in the address is refused with a 400.
"""

import datetime as dt
import logging
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from cms.dates import ISTANBUL
from press.models import PublicationIssuePage, PublicationPdf, PublicationSeriesPage
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import publish_child
from tests.factories.events import AppointmentFactory, EventIndexPageFactory, EventPageFactory
from tests.factories.notices import NewspaperNoticeFactory
from tests.factories.press import (
    CategoryFactory,
    DistributionListFactory,
    MediaOutletFactory,
    PressClippingFactory,
    PressContactFactory,
    PressReleaseFactory,
    PressReleaseIndexFactory,
    publish_item,
)
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db

NUL = "%00"
CONTROL = "%1B"  # ESC
# Each value already percent-encoded, as it would arrive in a URL.
BAD_PATH_VALUES = [
    NUL,
    "0",
    "-1",
    "99999",
    str(2**63),
    "abc",
    quote("../../etc/passwd", safe=""),
    "a" * 300 + quote("İğüşöçı😀", safe=""),
]
# Parameter names the project's views, filters and exports read.
QUERY_NAMES = [
    "q",
    "p",
    "page",
    "sayfa",
    "o",
    "ot",
    "ay",
    "kurulus",
    "day",
    "start",
    "end",
    "period",
    "year",
    "month",
    "tag",
    "etiket",
    "kategori",
    "collection_id",
    "ordering",
    "id",
    "next",
    "locale",
    "status",
    "tone",
    "kind",
    "scope",
    "role",
    "consent",
    "active",
    "needs_correction",
    "yil",
    "bicim",
    "late",
    "via_bik",
    "outlets",
]
BAD_QUERY_VALUES = [
    NUL,
    "a" + CONTROL,
    "9" * 40,
    "99999-01",
    "9999-12-31",
    quote("-1²İğ' OR 1=1 --", safe="") + "x" * 3000,
]
EXPORTS = ["csv", "xlsx"]

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_MARK = "\x01"


def _regex_text(regex: str) -> str:
    """A regex route as text with each top-level group replaced by a marker: good enough
    to build an address from (the address need not match this pattern to be a test)."""
    out, depth, index = [], 0, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and index + 1 < len(regex):
            if depth == 0:
                out.append(regex[index + 1])
            index += 2
            continue
        if char == "[":
            end = regex.index("]", index + 1)
            if depth == 0:
                out.append("x")
            index = end + 1
            continue
        if char == "(":
            if depth == 0:
                out.append(_MARK)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "^$?*+":
            out.append(char)
        index += 1
    return "".join(out)


def _text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _PARAM.sub(_MARK, str(pattern))
    return _regex_text(pattern.regex.pattern)


# Wagtail's page that raises on purpose, to show the admin's error page.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


def route_templates(resolver, prefix=""):
    """Every route under `resolver` as text, its parameters marked."""
    for entry in resolver.url_patterns:
        text = prefix + _text(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from route_templates(entry, text)
        elif isinstance(entry, URLPattern) and entry.name not in DELIBERATE_ERRORS:
            yield text


def fill(template, bad_position, bad_value, good="1"):
    parts = template.split(_MARK)
    out = [parts[0]]
    for position, part in enumerate(parts[1:]):
        out.append(bad_value if position == bad_position else good)
        out.append(part)
    return "".join(out)


def addresses(templates):
    """(url, whether the url holds a control character) for every template and bad value."""
    for template in sorted(set(templates)):
        path = "/" + template.lstrip("/")
        markers = template.count(_MARK)
        if not markers:
            yield fill(path, -1, ""), False
        for position in range(markers):
            for value in BAD_PATH_VALUES:
                yield fill(path, position, value), value == NUL


def query_strings():
    for value in BAD_QUERY_VALUES:
        yield "&".join(f"{name}={value}" for name in QUERY_NAMES), value in (NUL, "a" + CONTROL)
    for export in EXPORTS:
        yield f"export={export}&q=x&ay=99999-01&kurulus=" + quote("²", safe=""), False


@pytest.fixture
def site(home):
    """One record of every kind, so the listings, filters and exports have rows."""
    index = publish_child(home, PressReleaseIndexFactory())
    category = CategoryFactory(name="Kültür")
    publish_item(index, categories=[category], tags=["park"])
    publish_item(index, PressReleaseFactory, withdrawn=True, withdrawal_note="Geri çekildi.")
    calendar = publish_child(home, EventIndexPageFactory())
    publish_child(calendar, EventPageFactory())
    photo = ArchivePhotoFactory()
    album_with(archive_index(home), [photo])
    contact = PressContactFactory()
    DistributionListFactory(members=[contact])
    PressClippingFactory(outlet=contact.outlet)
    MediaOutletFactory()
    AppointmentFactory()
    DenialNoticeFactory()
    NewspaperNoticeFactory(cost=Decimal("10.00"), published_on=dt.date(2026, 11, 3))
    series = publish_child(
        home, PublicationSeriesPage(title="Bülten", slug="bulten", kind="bulletin")
    )
    record = PublicationPdf.objects.create(
        file=ContentFile(b"%PDF-1.4 bulten", name="bulten.pdf"),
        original_name="bulten.pdf",
        size=15,
        sha256="0" * 64,
        page_count=1,
    )
    publish_child(
        series,
        PublicationIssuePage(
            title="Sayı 1", slug="sayi-1", number="1", date="2026-11-20", pdf=record
        ),
    )
    return home


def page_route_templates():
    """The sub-routes of every live routable page (the mayor's programme, the monthly
    calendar, feeds by category), under the page's own address."""
    for page in Page.objects.live().specific():
        url = page.url
        if not isinstance(page, RoutablePageMixin) or not url:
            continue
        yield from route_templates(page.get_resolver(), url.lstrip("/"))
        yield url.lstrip("/")


def request_every_address(client):
    client.raise_request_exception = False
    # Thousands of expected 400s and 404s would bury a failure's report.
    logging.disable(logging.WARNING)
    try:
        return _request_every_address(client)
    finally:
        logging.disable(logging.NOTSET)


def _request_every_address(client):
    failures, refused = [], []
    templates = [*route_templates(get_resolver()), *page_route_templates()]
    for url, has_control in addresses(templates):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url[:120], response.status_code))
        if has_control and response.status_code != 400:
            refused.append((url[:120], response.status_code))
    listings = [fill("/" + t.lstrip("/"), -1, "") for t in templates if _MARK not in t]
    for url in sorted(set(listings)):
        for query, has_control in query_strings():
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append((f"{url}?{query}"[:160], response.status_code))
            if has_control and response.status_code != 400:
                refused.append((f"{url}?{query}"[:160], response.status_code))
    return failures, refused


# A date where every "next day" and "end of month" is a year end, on a Sunday night.
@time_machine.travel(dt.datetime(2028, 12, 31, 23, 30, tzinfo=ISTANBUL), tick=False)
@pytest.mark.indexed
def test_no_address_answers_500_to_an_anonymous_visitor(client, site):
    failures, refused = request_every_address(client)
    assert not failures, "500 from:\n" + "\n".join(map(str, failures))
    assert not refused, "not refused with 400:\n" + "\n".join(map(str, refused))


@time_machine.travel(dt.datetime(2028, 12, 31, 23, 30, tzinfo=ISTANBUL), tick=False)
@pytest.mark.indexed
def test_no_address_answers_500_to_a_superuser(client, site, superuser):
    client.force_login(superuser)
    failures, refused = request_every_address(client)
    assert not failures, "500 from:\n" + "\n".join(map(str, failures))
    assert not refused, "not refused with 400:\n" + "\n".join(map(str, refused))


# The cases the probe found, each through the view it named.


def test_nul_byte_in_the_site_search_is_refused_not_sent_to_the_database(client, site):
    response = client.get("/ara/?q=park%00")
    assert response.status_code == 400
    assert "izin verilmeyen" in response.content.decode()


def test_nul_byte_in_an_admin_filter_and_export_is_refused(client, site, superuser):
    client.force_login(superuser)
    listing = "/admin/press/pressclipping/"
    assert client.get(f"{listing}?q=proje").status_code == 200
    assert client.get(f"{listing}?q=proje%00").status_code == 400
    assert client.get(f"{listing}?export=csv&q=%00").status_code == 400
    assert client.get(f"{listing}?tone%00=x").status_code == 400


@pytest.mark.parametrize("month", ["99999-01", "2026-13", "9" * 30 + "-1", "²-1"])
def test_a_month_filter_naming_no_month_lists_every_clipping(client, site, superuser, month):
    client.force_login(superuser)
    response = client.get(f"/admin/press/pressclipping/?ay={month}")
    assert response.status_code == 200
    assert "Belediyeden yeni proje" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["99999/1/1/", "9" * 25 + "/1/1/", "2026/99/1/", "hafta/" + "9" * 25 + "/12/31/"]
)
def test_programme_day_past_any_calendar_is_not_found(client, site, path):
    response = client.get(f"/etkinlikler/baskanin-programi/{path}")
    assert response.status_code == 404


def test_daily_programme_for_a_huge_year_is_not_found(client, site, superuser):
    client.force_login(superuser)
    response = client.get("/admin/events/programme/" + "9" * 25 + "/1/1/")
    assert response.status_code == 404


@pytest.mark.parametrize("period", ["week", "month"])
def test_monitoring_report_for_the_last_day_python_knows_names_the_field(
    client, site, user_with_role, period
):
    from cms.roles import PRESS

    client.force_login(user_with_role(PRESS))
    response = client.get(f"/admin/basin/takip-raporu/?period={period}&day=9999-12-31")
    assert response.status_code == 200
    assert "1900 ile 2200 yılları arasında bir tarih girin" in response.content.decode()
