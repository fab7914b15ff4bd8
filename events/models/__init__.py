from .changes import DateChange
from .feeds import (
    CalendarEntry,
    CalendarIdentity,
    CalendarToken,
    FeedGeneration,
    FeedState,
    GroupFollow,
    NewEventNotice,
)
from .groups import GroupIndexPage, GroupPage
from .occurrences import Occurrence
from .pages import EventIndexPage, EventPage, EventPageTag
from .registrations import (
    AttendeeEmail,
    AttendeeEmailRecipient,
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
    "AttendeeEmailRecipient",
    "AuditLog",
    "Payment",
    "Question",
    "StripeEvent",
    "CalendarEntry",
    "CalendarIdentity",
    "DateChange",
    "CalendarToken",
    "FeedGeneration",
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
