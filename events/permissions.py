"""Who may do what in the calendar: the one permission policy of each events model, asked
by every events view (snippets, their choosers, the printable programme, the holiday
loader). Registered at start-up (EventsConfig.ready)."""

from cms.permissions import register_policy

from .models import Appointment, AppointmentRequest, EventCategory, OfficialHoliday

# The mayor's agenda: Özel Kalem (Evrak) and the Müdür only.
appointment_policy = register_policy(Appointment)
category_policy = register_policy(EventCategory)
holiday_policy = register_policy(OfficialHoliday)
# Requests to meet the mayor, with their requesters' personal data: the same two roles.
appointment_request_policy = register_policy(AppointmentRequest)
