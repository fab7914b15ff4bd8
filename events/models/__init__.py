from .changes import DateChange
from .discounts import PromotionCode, StripeProduct
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
    StripeTaxRate,
    TicketType,
)
from .venues import Venue

__all__ = [
    "AttendeeEmail",
    "AttendeeEmailRecipient",
    "AuditLog",
    "Payment",
    "PromotionCode",
    "StripeProduct",
    "Question",
    "StripeEvent",
    "StripeTaxRate",
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
