"""The events app's models: event pages, categories, official holidays and the mayor's
appointments, and the lobby screen."""

from .appointments import Appointment, AppointmentQuerySet
from .calendar import EventCategory, OfficialHoliday
from .lobby import LobbyScreenPage
from .pages import EventException, EventIndexPage, EventPage

__all__ = [
    "Appointment",
    "AppointmentQuerySet",
    "EventCategory",
    "EventException",
    "EventIndexPage",
    "EventPage",
    "LobbyScreenPage",
    "OfficialHoliday",
]
