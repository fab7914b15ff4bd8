"""schema.org Event data for search engines, built from an event and one of its dates."""

from .bilingual import localized, localized_text


def _location(request, event):
    place = None
    if event.venue_id:
        venue = event.venue
        place = {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "addressLocality": venue.city,
                "addressRegion": venue.region,
                "postalCode": venue.postal_code,
                "addressCountry": venue.country,
            },
        }
        if venue.has_geo:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(venue.latitude),
                "longitude": float(venue.longitude),
            }
    # The meeting link is for registered people only; search engines get the page to register on.
    virtual = {"@type": "VirtualLocation", "url": request.build_absolute_uri(event.url)} if event.online_url else None
    if place and virtual:
        return [place, virtual], "https://schema.org/MixedEventAttendanceMode"
    if virtual:
        return virtual, "https://schema.org/OnlineEventAttendanceMode"
    return place or {"@type": "Place", "name": "To be announced"}, "https://schema.org/OfflineEventAttendanceMode"


def _status(event, occurrence):
    if event.is_cancelled or (occurrence is not None and occurrence.is_cancelled):
        return "https://schema.org/EventCancelled"
    if occurrence is not None and occurrence.is_moved:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def event_json_ld(request, event, occurrence=None):
    start = occurrence.start if occurrence else event.start
    end = occurrence.end if occurrence else event.end
    location, mode = _location(request, event)
    name = localized(event, "title")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        # In the page's language when the organizer wrote it, else the other one (inLanguage says which).
        "name": name.value,
        "description": localized_text(event, "summary"),
        "inLanguage": "fr-CA" if name.lang == "fr" else "en-CA",
        "startDate": start.astimezone(event.tz).isoformat(),
        "endDate": end.astimezone(event.tz).isoformat(),
        "eventStatus": _status(event, occurrence),
        "eventAttendanceMode": mode,
        "location": location,
        "url": event.get_full_url(request),
    }
    if event.group_id:
        data["organizer"] = {
            "@type": "Organization",
            "name": localized_text(event.group, "title"),
            "url": event.group.get_full_url(request),
        }
    if event.cover_image_id:
        data["image"] = [request.build_absolute_uri(event.cover_image.get_rendition("fill-1200x630").url)]
    return data
