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
from tests.e2e.browser import Journey, axe_violations, fill_date, log_in, submit
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


def choose(page, field, text):
    """Wagtail's chooser beside `field`: open it, search, pick the row showing `text`."""
    page.locator(f"[data-field-wrapper]:has(#id_{field}) [data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.locator("a[data-chooser-modal-choice]", has_text=text).click()
    modal.wait_for(state="hidden")


def test_incoming_letter_routed_answered_approved_and_numbered_on_the_pdf(page, office, site_url):
    journey = Journey(page, "journey 4 clerk")
    with time_machine.travel(NOW, tick=True):
        log_in(page, site_url(), "evrak")
        journey.step("clerk dashboard")
        page.goto(site_url(ADD))
        # Checked before the dates are typed: Wagtail's date picker, once opened, has
        # unnamed arrow buttons (Wagtail's widget, not Kalem's form).
        assert axe_violations(page) == []
        page.select_option("#id_direction", "gelen")
        page.select_option("#id_kind", "resmi_yazi")
        page.select_option("#id_channel", "posta")
        page.fill("#id_subject", INCOMING)
        page.select_option("#id_party_kind", "kurum")
        page.fill("#id_party_name", "İzmir Valiliği")
        page.fill("#id_sender_number", "E-12345678-010.03-991")
        fill_date(page, "#id_sender_date", "20.11.2026")
        fill_date(page, "#id_received_on", "23.11.2026")
        journey.step("incoming letter filled in")
        submit(page.get_by_role("button", name="Taslağı kaydet"))
        incoming = Correspondence.objects.get(subject=INCOMING)
        assert incoming.register_number != ""

        page.goto(site_url(f"/admin/evrak/{incoming.pk}/"))
        assert incoming.register_number in page.locator(".register-number").inner_text()
        journey.step("registered with its register number")
        page.locator(f'a[href="/admin/evrak/{incoming.pk}/havale/"]').click()
        page.select_option("#id_users", str(office["colleague"].pk))
        page.select_option("#id_purpose", "GRG")
        page.fill("#id_note", "Cevap hazırlayınız.")
        journey.step("routing to a colleague")
        assert axe_violations(page) == []
        submit(page.get_by_role("button", name="Kaydet", exact=True))
        assert "meslektas" in page.locator(".register-routings").inner_text()
        journey.step("routed")
        assert Routing.objects.get(correspondence=incoming).to_user == office["colleague"]
        incoming.refresh_from_db()
        assert incoming.status == Status.ROUTED

        page.context.clear_cookies()
        log_in(page, site_url(), "meslektas")
        mine = page.locator(".register-mine")
        assert INCOMING in mine.inner_text()
        journey.step("on the colleague's dashboard")
        assert axe_violations(page) == []
        mine.get_by_role("link", name=re.compile(INCOMING)).first.click()
        page.wait_for_url(site_url(f"/admin/evrak/{incoming.pk}/"))

        journey.step("the letter's card, read by the colleague")
        page.get_by_role("link", name="Cevap yaz").click()
        page.wait_for_url(site_url(f"{ADD}?cevap={incoming.pk}"))
        # The answer starts from the letter: outgoing, to its sender, linked to it.
        assert page.locator("#id_direction").input_value() == "giden"
        assert page.locator("#id_party_name").input_value() == "İzmir Valiliği"
        assert page.locator("#id_answer_to").input_value() == str(incoming.pk)
        page.select_option("#id_channel", "kep")
        page.fill("#id_subject", ANSWER)
        page.fill("#id_body", "Meydanın aydınlatması Aralık ayında yenilenecektir.")
        page.fill("#id_signatory_name", "Hasan Çelik")
        page.fill("#id_signatory_title", "Belediye Başkanı")
        choose(page, "sdp_code", "010.03")
        journey.step("answer written")
        page.locator("footer").get_by_role("button", name="Daha fazla eylem").click()
        submit(page.locator("button[name=action-submit]"))
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
        row.get_by_role("button", name="Eylemler").click()
        row.locator("button[data-workflow-action-url]", has_text=re.compile("^Onayla$")).click()
        page.locator("#awaiting-review-section").wait_for(state="detached")
        journey.step("approved from the dashboard")
        answer.refresh_from_db()
        assert answer.number == f"E-{DETSIS}-010.03-1"

        page.goto(site_url(f"/admin/evrak/{answer.pk}/"))
        assert answer.number in page.locator(".register-number").inner_text()
        journey.step("answer card with its number")
        pdf_link = page.locator(f'a[href="/admin/evrak/{answer.pk}/yazi.pdf"]')
        response = page.context.request.get(site_url(pdf_link.get_attribute("href")))
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert answer.number in text
        assert "Meydanın aydınlatması Aralık ayında yenilenecektir." in text
