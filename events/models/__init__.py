"""The events app's models: event pages, categories, official holidays, the mayor's
appointments, appointment requests and protocol (visits, gifts, representation costs,
the protocol list and ceremonies), and the lobby screen."""

from .appointments import Appointment, AppointmentQuerySet
from .calendar import EventCategory, OfficialHoliday
from .ceremonies import Ceremony, CeremonyTask, Invitation, ProtocolOffice
from .lobby import LobbyScreenPage
from .pages import EventException, EventFeedEntry, EventIndexPage, EventOccurrence, EventPage
from .protocol import BudgetAllocation, Expense, Gift, Visit
from .request_page import AppointmentRequestPage
from .requests import AppointmentRequest

__all__ = [
    "Appointment",
    "Ceremony",
    "CeremonyTask",
    "AppointmentQuerySet",
    "AppointmentRequest",
    "AppointmentRequestPage",
    "BudgetAllocation",
    "EventCategory",
    "EventException",
    "EventFeedEntry",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "Invitation",
    "Expense",
    "Gift",
    "LobbyScreenPage",
    "OfficialHoliday",
    "ProtocolOffice",
    "Visit",
]
