"""What the public API and the bulk files publish, field by field.

These schemas are the one description of the open data: the API validates its answers against them,
the OpenAPI document is generated from them, the CSV columns and the data dictionary on /open-data/
are derived from them. Names follow schema.org (Event, Place, PostalAddress, Organization) where
schema.org has one; the rest are plain words.
"""

from typing import Literal

from ninja import Field, Schema


class PostalAddress(Schema):
    streetAddress: str = Field(description="Street address of the venue.")
    addressLocality: str = Field(description="City.")
    addressRegion: str = Field(description="Province or state.")
    postalCode: str = Field(description="Postal code.")
    addressCountry: str = Field(description="Country, ISO 3166-1 alpha-2 code (e.g. CA).")


class GeoCoordinates(Schema):
    latitude: float = Field(description="Latitude in decimal degrees (WGS 84).")
    longitude: float = Field(description="Longitude in decimal degrees (WGS 84).")


class PlaceRef(Schema):
    identifier: int = Field(description="Venue id, as in /api/v1/venues.")
    name: str = Field(description="Venue name.")
    address: PostalAddress
    geo: GeoCoordinates | None = Field(description="Coordinates, when the venue has them.")


class OrganizationRef(Schema):
    identifier: int = Field(description="Group id, as in /api/v1/groups.")
    name: str = Field(description="Name of the group that organizes the event.")
    url: str | None = Field(description="The group's page on this site.")


class SeriesRef(Schema):
    identifier: int = Field(description="Id of the series: the same for every date of a repeating event.")
    name: str = Field(description="Title of the series.")
    url: str | None = Field(description="The series' page on this site.")
    repeatFrequency: str = Field(description="How often it repeats, as an ISO 8601 duration (P1W, P2W, P1M, P2M).")
    endDate: str | None = Field(description="Last day the series may repeat (YYYY-MM-DD), or null for no end.")


class Event(Schema):
    identifier: int = Field(description="Id of this date. Stable: a moved date keeps its id.")
    url: str | None = Field(description="Page of the event on this site (for a series, with this date selected).")
    name: str = Field(description="Title of the event.")
    description: str = Field(description="Short summary written by the organizers.")
    kind: str = Field(description="Kind of event: one of the values of /api/v1/kinds.")
    keywords: list[str] = Field(description="Topics (tags) of the event.")
    startDate: str = Field(description="Start, ISO 8601 date-time with the offset of the event's time zone.")
    endDate: str = Field(description="End, ISO 8601 date-time with the offset of the event's time zone.")
    timezone: str = Field(description="IANA time zone of the event (e.g. America/Toronto).")
    allDay: bool = Field(description="True when the event lasts whole days rather than set hours.")
    eventStatus: Literal[
        "https://schema.org/EventScheduled",
        "https://schema.org/EventCancelled",
        "https://schema.org/EventRescheduled",
    ] = Field(description="schema.org status: scheduled, cancelled, or rescheduled (a date moved from its usual day).")
    eventAttendanceMode: Literal[
        "https://schema.org/OfflineEventAttendanceMode",
        "https://schema.org/OnlineEventAttendanceMode",
        "https://schema.org/MixedEventAttendanceMode",
    ] = Field(description="In person, online, or both. The online link itself is given to registrants only.")
    previousStartDate: str | None = Field(
        description="For a moved date of a series: when it was first scheduled to start (ISO 8601), else null."
    )
    location: PlaceRef | None = Field(description="Where it takes place; null for online-only or not yet known.")
    organizer: OrganizationRef | None = Field(description="The group organizing it, if any.")
    superEvent: SeriesRef | None = Field(description="The series this date belongs to; null for a one-off event.")
    maximumAttendeeCapacity: int | None = Field(description="Seats for this date; null for no limit.")
    note: str = Field(description="Organizers' note about this date (e.g. 'Holiday break'), may be empty.")


class Group(Schema):
    identifier: int = Field(description="Group id.")
    slug: str = Field(description="Short name used in URLs and in the `group` filter.")
    name: str = Field(description="Name of the group.")
    description: str = Field(description="One-line summary of the group.")
    city: str = Field(description="Home city of the group.")
    url: str | None = Field(description="The group's page on this site.")
    sameAs: list[str] = Field(description="The group's own website, if it has one.")


class Venue(Schema):
    identifier: int = Field(description="Venue id.")
    name: str = Field(description="Venue name.")
    address: PostalAddress
    geo: GeoCoordinates | None = Field(description="Coordinates, when known.")
    accessibilityNotes: str = Field(description="Accessibility information about the venue, may be empty.")


class KindEntry(Schema):
    value: str = Field(description="Value used in the `kind` filter and in events' `kind`.")
    label: str = Field(description="Human-readable name.")


class Tag(Schema):
    slug: str = Field(description="Value used in the `tag` filter.")
    name: str = Field(description="Name of the topic, as in events' `keywords`.")


class PageOf(Schema):
    license: str = Field(description="URL of the licence under which this data is published.")
    count: int = Field(description="Number of items matching the request, over all pages.")
    page: int = Field(description="This page's number (from 1).")
    pages: int = Field(description="Number of pages.")
    next: str | None = Field(description="URL of the next page, or null on the last one.")
    previous: str | None = Field(description="URL of the previous page, or null on the first one.")


class EventList(PageOf):
    items: list[Event]


class GroupList(PageOf):
    items: list[Group]


class VenueList(PageOf):
    items: list[Venue]


class TagList(PageOf):
    items: list[Tag]


class KindList(Schema):
    license: str = Field(description="URL of the licence under which this data is published.")
    items: list[KindEntry]


class Error(Schema):
    detail: str | list = Field(description="What was wrong with the request.")
