"""The read-only public API, /api/v1/ (django-ninja: pydantic schemas and an OpenAPI 3.1 document).

Views are thin: filtering is the listing's own service (events.services.listing), records and what
counts as public are opendata.services.records. ETag/Last-Modified/304 and CORS are added for every
answer by opendata.middleware; the rate limit is a ninja throttle over opendata.services.ratelimit.
"""

import datetime
import math
import re
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.throttling import BaseThrottle
from pydantic import field_validator

from events.models.pages import Kind
from events.services.listing import MAX_QUERY_LENGTH, ListingFilters, search_occurrences
from guards.dates import EARLIEST, LATEST
from guards.numbers import MAX_ID

from . import schemas
from .services import ratelimit, records

# Filters never hold control characters: the site's input guard refuses them with 400 before any view.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
MAX_PAGE = 100_000
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class RateThrottle(BaseThrottle):
    def allow_request(self, request):
        return ratelimit.allow(request)

    def wait(self):
        return ratelimit.seconds_left()


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["info"]["license"] = {"name": records.license_name(), "url": records.license_url()}
        for path in schema["paths"].values():
            for operation in path.values():
                _document_http_behaviour(operation)
        return schema


def _document_http_behaviour(operation):
    """What every operation does besides its own answers: validators, 304, and the rate limit."""
    text = {"schema": {"type": "string"}}
    ok = operation["responses"].get(200)
    if ok is not None:
        ok["headers"] = {
            "ETag": {**text, "description": "Strong validator of the body; send it back in If-None-Match."},
            "Last-Modified": {**text, "description": "When this URL first answered with this body."},
        }
    operation["responses"][304] = {"description": "Not modified: the If-None-Match or If-Modified-Since matched."}
    operation["responses"][400] = {
        "description": "Bad request: the URL or a header holds control characters such as NUL; the site "
        "refuses those before any page or API answer is built (an HTML page says so)."
    }
    operation["responses"][429] = {
        "description": "Too many requests from this address; try again after Retry-After seconds.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    operation.setdefault("parameters", [])
    for name, description in (
        ("If-None-Match", "An ETag from an earlier answer: 304 when unchanged."),
        ("If-Modified-Since", "A Last-Modified from an earlier answer: 304 when unchanged since."),
    ):
        operation["parameters"].append(
            {"in": "header", "name": name, "required": False, "schema": {"type": "string"}, "description": description}
        )


api = OpenDataAPI(
    title="Convene open data",
    version="1",
    description=(
        "Read-only public data about events, groups, venues, kinds and topics. Only published, public "
        "events appear; no personal data and no online meeting links. Filters on /events are the ones of "
        "the site's listing. Answers carry ETag and Last-Modified (send them back for 304), allow any "
        "origin (CORS), and are rate limited per client address (429 with Retry-After)."
    ),
    urls_namespace="opendata_api",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[RateThrottle()],
)


# -- parameters -----------------------------------------------------------------------------------


def _text(description):
    return Field(None, max_length=MAX_QUERY_LENGTH, pattern=PRINTABLE, description=description)


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100).")


class EventFilters(Paging):
    kind: Kind | None = Field(None, description="Only this kind of event.")
    group: str | None = _text("Only events of the group with this slug.")
    tag: str | None = _text("Only events with this topic (tag slug).")
    city: str | None = _text("Only events in this city (the venue's, or the group's when there is no venue).")
    q: str | None = _text("Words in the title, summary, group name or city.")
    when: Literal["past"] | None = Field(
        None, description="`past`: dates that have ended, newest first. Otherwise upcoming dates, soonest first."
    )
    date_from: datetime.date | None = Field(
        None,
        alias="from",
        description="Dates ending on or after this day (YYYY-MM-DD, site time zone); with `to`, past and upcoming.",
    )
    date_to: datetime.date | None = Field(
        None, alias="to", description="Dates starting on or before this day (YYYY-MM-DD)."
    )

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _iso_day(cls, value):
        # Pydantic would also read a number as a Unix time ("to=0" as 1970-01-01): only YYYY-MM-DD is a day.
        if value is not None and not (isinstance(value, str) and ISO_DAY.match(value)):
            raise ValueError("Give a day as YYYY-MM-DD.")
        return value

    def listing_filters(self):
        """The listing's own filters, built by its own parser from the same query keys."""
        params = {
            "kind": self.kind.value if self.kind else "",
            "group": self.group or "",
            "tag": self.tag or "",
            "city": self.city or "",
            "q": self.q or "",
            "when": self.when or "",
            "dates": "all",  # the API lists every date of a series, one item each
            "from": _within_site_range(self.date_from),
            "to": _within_site_range(self.date_to),
        }
        return ListingFilters.from_query(params)


def _within_site_range(day):
    """Any valid day is accepted; the site holds no date outside EARLIEST..LATEST, so a day beyond
    them selects the same dates as the bound itself."""
    if day is None:
        return ""
    return min(max(day, EARLIEST), LATEST).isoformat()


def _page(request, queryset, paging, build):
    count = queryset.count()
    pages = max(1, math.ceil(count / paging.page_size))
    if paging.page > pages:
        raise HttpError(404, _("That page does not exist."))
    start = (paging.page - 1) * paging.page_size
    items = [build(item) for item in queryset[start : start + paging.page_size]]

    def link(number):
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(request.path) + "?" + params.urlencode()

    return {
        "license": records.license_url(),
        "count": count,
        "page": paging.page,
        "pages": pages,
        "next": link(paging.page + 1) if paging.page < pages else None,
        "previous": link(paging.page - 1) if paging.page > 1 else None,
        "items": items,
    }


NOT_FOUND = {404: schemas.Error, 422: schemas.Error}


# -- operations -----------------------------------------------------------------------------------


@api.get("/events", response={200: schemas.EventList, **NOT_FOUND}, tags=["events"], summary="Dates of events")
def list_events(request, filters: Query[EventFilters]):
    """One item per date: a repeating event (a series) has one item per date, each naming its series
    in `superEvent`. Cancelled dates stay listed with `eventStatus` EventCancelled."""
    queryset = search_occurrences(filters.listing_filters())
    return _page(request, queryset, filters, lambda occurrence: records.event_record(occurrence, request))


class EventId(Schema):
    identifier: int = Field(ge=1, le=MAX_ID, description="Id of the date.")


@api.get(
    "/events/{identifier}", response={200: schemas.Event, **NOT_FOUND}, tags=["events"], summary="One date of an event"
)
def get_event(request, path: Path[EventId]):
    occurrence = records.public_occurrences().filter(pk=path.identifier).first()
    if occurrence is None:
        raise Http404(_("No public event date has this id."))
    return records.event_record(occurrence, request)


@api.get("/groups", response={200: schemas.GroupList, **NOT_FOUND}, tags=["groups"], summary="Groups")
def list_groups(request, paging: Query[Paging]):
    return _page(request, records.public_groups(), paging, lambda group: records.group_record(group, request))


@api.get("/venues", response={200: schemas.VenueList, **NOT_FOUND}, tags=["venues"], summary="Venues of public events")
def list_venues(request, paging: Query[Paging]):
    return _page(request, records.public_venues(), paging, records.venue_record)


@api.get("/kinds", response={200: schemas.KindList}, tags=["kinds"], summary="Kinds of events")
def list_kinds(request):
    return {"license": records.license_url(), "items": records.kinds()}


@api.get("/tags", response={200: schemas.TagList, **NOT_FOUND}, tags=["tags"], summary="Topics of public events")
def list_tags(request, paging: Query[Paging]):
    return _page(request, records.public_tags(), paging, records.tag_record)
