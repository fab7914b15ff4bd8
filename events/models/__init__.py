from .changes import DateChange
from .feeds import CalendarEntry, CalendarToken, FeedState, GroupFollow, NewEventNotice
from .groups import GroupIndexPage, GroupPage
from .occurrences import Occurrence
from .pages import EventIndexPage, EventPage, EventPageTag
from .registrations import (
    AttendeeEmail,
    AuditLog,
    Payment,
    Question,
    Registration,
    StripeEvent,
    TicketType,
)
from .venues import Venue

__all__ = [
    "AttendeeEmail",
    "AuditLog",
    "Payment",
    "Question",
    "StripeEvent",
    "CalendarEntry",
    "DateChange",
    "CalendarToken",
    "FeedState",
    "GroupFollow",
    "NewEventNotice",
    "EventIndexPage",
    "EventPage",
    "EventPageTag",
    "GroupIndexPage",
    "GroupPage",
    "Occurrence",
    "Registration",
    "TicketType",
    "Venue",
]
