"""The events app's models: event pages, categories, official holidays and the mayor's
appointments."""

from .appointments import Appointment, AppointmentQuerySet
from .calendar import EventCategory, OfficialHoliday
from .pages import EventException, EventIndexPage, EventPage

__all__ = [
    "Appointment",
    "AppointmentQuerySet",
    "EventCategory",
    "EventException",
    "EventIndexPage",
    "EventPage",
    "OfficialHoliday",
]
