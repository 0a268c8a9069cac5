"""Journey 4, in the browser: a clerk (evrak) registers an incoming letter and routes it
(havale) to a colleague; the colleague finds it on their dashboard and writes the answer;
the Müdür approves the answer from the dashboard, which gives it its official number
(Sayı); the letter's PDF shows that number."""

import io
import re

import pytest
import time_machine
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.models import Correspondence, Direction, Routing, Status
from cms.models import MunicipalitySettings
from cms.roles import CLERK, HEAD
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    Journey,
    around,
    axe_violations,
    choose,
    follow,
    log_in,
    more_actions,
    pick,
    tab_to,
    type_date,
    type_into,
)
from tests.e2e.site import NOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DETSIS = "19248251"
INCOMING = "Cumhuriyet Meydanı aydınlatması hakkında"
ANSWER = "Cumhuriyet Meydanı aydınlatması hakkında cevap"
ADD = "/admin/evrak/kayitlar/add/"


@pytest.fixture
def office(user_with_role):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = DETSIS
    settings.save()
    return {
        "clerk": user_with_role(CLERK, username="evrak"),
        "colleague": user_with_role(CLERK, username="meslektas"),
        "head": user_with_role(HEAD, username="mudur"),
    }


def scroll_box_takes_focus_and_arrow_keys(page):
    """The record card's routings table is wider than a phone and scrolls in its
    .kalem-table-scroll box: Tab reaches the box, its focus ring shows, and the arrow
    keys scroll it (a keyboard user has no scroll bar to drag)."""
    page.set_viewport_size(PHONE)
    box = page.locator(".kalem-table-scroll:has(.register-routings)")
    assert box.evaluate("box => box.scrollWidth - box.clientWidth") > 100
    before = around(page, box)
    tab_to(page, box)  # also checks the ring by computed style and by screenshot
    assert box.evaluate("box => box === document.activeElement")
    ring = box.evaluate(
        "box => { const s = getComputedStyle(box); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring == ["solid", "3px"]
    assert around(page, box) != before
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: the box gets there over a few frames.
    page.wait_for_function("box => box.scrollLeft >= 40", arg=box.element_handle())
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("box => box.scrollLeft === 0", arg=box.element_handle())
    page.set_viewport_size(DESKTOP)


def test_incoming_letter_routed_answered_approved_and_numbered_on_the_pdf(page, office, site_url):
    journey = Journey(page, "journey 4 clerk")
    with time_machine.travel(NOW, tick=True):
        log_in(page, site_url(), "evrak")
        journey.step("clerk dashboard")
        page.goto(site_url(ADD))
        # Checked before the dates are typed: Wagtail's date picker, once opened, has
        # unnamed arrow buttons (Wagtail's widget, not Kalem's form).
        assert axe_violations(page) == []
        pick(page, page.locator("#id_direction"), "gelen")
        pick(page, page.locator("#id_kind"), "resm")
        pick(page, page.locator("#id_channel"), "posta")
        type_into(page, page.locator("#id_subject"), INCOMING)
        pick(page, page.locator("#id_party_kind"), "kurum")
        type_into(page, page.locator("#id_party_name"), "İzmir Valiliği")
        type_into(page, page.locator("#id_sender_number"), "E-12345678-010.03-991")
        type_date(page, page.locator("#id_sender_date"), "20.11.2026")
        type_date(page, page.locator("#id_received_on"), "23.11.2026")
        chosen = [
            page.locator(f"#id_{name}").input_value()
            for name in ("direction", "kind", "channel", "party_kind")
        ]
        assert chosen == ["gelen", "resmi_yazi", "posta", "kurum"]
        journey.step("incoming letter filled in")
        follow(page, page.get_by_role("button", name="Taslağı kaydet"))
        incoming = Correspondence.objects.get(subject=INCOMING)
        assert incoming.register_number != ""
        assert (incoming.sender_date.isoformat(), incoming.received_on.isoformat()) == (
            "2026-11-20",
            "2026-11-23",
        )

        page.goto(site_url(f"/admin/evrak/{incoming.pk}/"))
        assert incoming.register_number in page.locator(".register-number").inner_text()
        journey.step("registered with its register number")
        follow(page, page.locator(f'a[href="/admin/evrak/{incoming.pk}/havale/"]'))
        # A list of people: typing a name chooses that one person.
        pick(page, page.locator("#id_users"), "meslektas")
        pick(page, page.locator("#id_purpose"), "gere")
        type_into(page, page.locator("#id_note"), "Cevap hazırlayınız.")
        assert page.locator("#id_users").evaluate(
            "select => [...select.selectedOptions].map(option => option.value)"
        ) == [str(office["colleague"].pk)]
        assert page.locator("#id_purpose").input_value() == "GRG"
        journey.step("routing to a colleague")
        assert axe_violations(page) == []
        follow(page, page.get_by_role("button", name="Kaydet", exact=True))
        assert "meslektas" in page.locator(".register-routings").inner_text()
        journey.step("routed")
        assert Routing.objects.get(correspondence=incoming).to_user == office["colleague"]
        incoming.refresh_from_db()
        assert incoming.status == Status.ROUTED
        scroll_box_takes_focus_and_arrow_keys(page)

        page.context.clear_cookies()
        log_in(page, site_url(), "meslektas")
        mine = page.locator(".register-mine")
        assert INCOMING in mine.inner_text()
        journey.step("on the colleague's dashboard")
        assert axe_violations(page) == []
        follow(page, mine.get_by_role("link", name=re.compile(INCOMING)).first)
        assert page.url == site_url(f"/admin/evrak/{incoming.pk}/")

        journey.step("the letter's card, read by the colleague")
        follow(page, page.get_by_role("link", name="Cevap yaz"))
        assert page.url == site_url(f"{ADD}?cevap={incoming.pk}")
        # The answer starts from the letter: outgoing, to its sender, linked to it.
        assert page.locator("#id_direction").input_value() == "giden"
        assert page.locator("#id_party_name").input_value() == "İzmir Valiliği"
        assert page.locator("#id_answer_to").input_value() == str(incoming.pk)
        pick(page, page.locator("#id_channel"), "kep")
        type_into(page, page.locator("#id_subject"), ANSWER)
        choose(page, "sdp_code", "010.03")
        type_into(
            page, page.locator("#id_body"), "Meydanın aydınlatması Aralık ayında yenilenecektir."
        )
        type_into(page, page.locator("#id_signatory_name"), "Hasan Çelik")
        type_into(page, page.locator("#id_signatory_title"), "Belediye Başkanı")
        assert page.locator("#id_channel").input_value() == "kep"
        journey.step("answer written")
        more_actions(page, "action-submit")
        journey.step("answer submitted for approval")
        answer = Correspondence.objects.get(subject=ANSWER)
        assert (answer.direction, answer.answer_to, answer.number) == (
            Direction.OUTGOING,
            incoming,
            "",
        )

        page.context.clear_cookies()
        log_in(page, site_url(), "mudur")
        row = page.locator("#awaiting-review-section tr", has_text=ANSWER)
        journey.step("waiting on the head of office's dashboard")
        tab_to(page, row.get_by_role("button", name="Eylemler")).press("Enter")
        approve = row.locator("button[data-workflow-action-url]", has_text=re.compile("^Onayla$"))
        tab_to(page, approve).press("Enter")
        page.locator("#awaiting-review-section").wait_for(state="detached")
        journey.step("approved from the dashboard")
        answer.refresh_from_db()
        assert answer.number == f"E-{DETSIS}-010.03-1"

        page.goto(site_url(f"/admin/evrak/{answer.pk}/"))
        assert answer.number in page.locator(".register-number").inner_text()
        journey.step("answer card with its number")
        # Enter on the link opens the letter in the browser's PDF viewer; its bytes are
        # read from the same address.
        pdf_url = site_url(f"/admin/evrak/{answer.pk}/yazi.pdf")
        follow(page, page.locator(f'a[href="/admin/evrak/{answer.pk}/yazi.pdf"]'))
        assert page.url == pdf_url
        response = page.context.request.get(pdf_url)
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert answer.number in text
        assert "Meydanın aydınlatması Aralık ayında yenilenecektir." in text
