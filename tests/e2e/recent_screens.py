"""The admin screens Kalem added lately (ceremonies, protocol office, paid notices,
videos, publications, form results, retrieval requests, handover, weekly reports,
representation costs and their monthly report, the register's record card), each with
one record to show."""

from django.urls import reverse

from archive.documents import retrieval
from cms.models import Handover
from press.models import PublicationSeriesPage
from tests.factories.cms import publish_child
from tests.factories.correspondence import CorrespondenceFactory
from tests.factories.documents import ArchivedDocumentFactory
from tests.factories.events import (
    BudgetAllocationFactory,
    CeremonyFactory,
    ExpenseFactory,
    InvitationFactory,
    ProtocolOfficeFactory,
)
from tests.factories.forms import PARK_CHOICES, answer, survey_page
from tests.factories.notices import NewspaperNoticeFactory
from tests.factories.weekly import WeeklyReportFactory


def recent_screens(home, user, successor):
    """Builds one record of each kind and returns the screens' paths by name."""
    ceremony = CeremonyFactory()
    InvitationFactory(ceremony=ceremony, office=ProtocolOfficeFactory())
    expense = ExpenseFactory()  # March 2027, under a line with a budget
    BudgetAllocationFactory(year=expense.date.year, budget_line=expense.budget_line)
    notice = NewspaperNoticeFactory()
    survey = survey_page(home)
    answer(survey, PARK_CHOICES[0], "4")
    document = ArchivedDocumentFactory()
    retrieval.request(document, requester=user, purpose="Bilgi edinmek için", user=user)
    handover = Handover.objects.create(from_user=user, to_user=successor, reason="ayrilis")
    WeeklyReportFactory()
    letter = CorrespondenceFactory(subject="Cumhuriyet Meydanı aydınlatması hakkında")
    series = publish_child(
        home, PublicationSeriesPage(title="Belediye Bülteni", slug="bulten", kind="bulletin")
    )
    return {
        "ceremonies": "/admin/events/ceremonies/",
        "ceremony": f"/admin/events/ceremonies/edit/{ceremony.pk}/",
        "protocol office": "/admin/events/protocol-list/",
        "new protocol office": "/admin/events/protocol-list/add/",
        "paid notices": "/admin/press/ilanlar/",
        "paid notice": f"/admin/press/ilanlar/edit/{notice.pk}/",
        "notice costs": "/admin/press/ilanlar/maliyet/",
        "videos": "/admin/archive/videos/",
        "new video": "/admin/archive/videos/add/",
        "publications": f"/admin/pages/{series.pk}/",
        "new publication issue": f"/admin/pages/add/press/publicationissuepage/{series.pk}/",
        "forms": "/admin/forms/",
        "form results": f"/admin/forms/results/{survey.pk}/",
        "form submissions": f"/admin/forms/submissions/{survey.pk}/",
        "retrieval requests": "/admin/arsiv/talepler/",
        "handovers": "/admin/devir-teslim/",
        "new handover": "/admin/devir-teslim/yeni/",
        "handover": f"/admin/devir-teslim/{handover.pk}/",
        "weekly report": "/admin/archive/weekly/",
        "weekly reports for the mayor": "/admin/archive/weekly/mayor/",
        "representation costs": "/admin/events/expenses/",
        "representation cost": f"/admin/events/expenses/edit/{expense.pk}/",
        "representation costs by year": "/admin/events/expenses/summary/",
        "representation costs of a month": (
            reverse("events_expense_month") + f"?yil={expense.date.year}&ay={expense.date.month}"
        ),
        "register": "/admin/evrak/kayitlar/",
        "record card": f"/admin/evrak/{letter.pk}/",
    }
