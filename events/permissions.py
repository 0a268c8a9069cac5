"""Who may do what in the calendar: the one permission policy of each events model, asked
by every events view (snippets, their choosers, the printable programme, the holiday
loader). Registered at start-up (EventsConfig.ready)."""

from cms.permissions import register_policy, register_private_file

from .models import (
    Appointment,
    AppointmentRequest,
    BudgetAllocation,
    Ceremony,
    EventCategory,
    Expense,
    Gift,
    OfficialHoliday,
    ProtocolOffice,
    Visit,
)

# The mayor's agenda: Özel Kalem (Evrak) and the Müdür only.
appointment_policy = register_policy(Appointment)
category_policy = register_policy(EventCategory)
holiday_policy = register_policy(OfficialHoliday)
# Requests to meet the mayor, with their requesters' personal data: the same two roles.
appointment_request_policy = register_policy(AppointmentRequest)
# Protocol: visits, gifts and representation costs are Özel Kalem's (Evrak and Müdür).
visit_policy = register_policy(Visit)
gift_policy = register_policy(Gift)
expense_policy = register_policy(Expense)
# The yearly budget per line: Özel Kalem reads it, the Müdür sets it.
budget_policy = register_policy(BudgetAllocation)
# The protocol precedence list: the same two roles keep it.
protocol_office_policy = register_policy(ProtocolOffice)
# Ceremonies, their checklists and invited lists (the children go with the ceremony).
ceremony_policy = register_policy(Ceremony)
# Approving a cost is the Müdür's ("approve_expense", granted to HEAD only).
APPROVE = "approve"
# Invoices and payment papers open, through a signed link, only for those who may see the
# expense.
register_private_file(Expense, "invoice")
register_private_file(Expense, "payment_paper")
# A trip report opens for those who may see the visit.
register_private_file(Visit, "trip_report")
