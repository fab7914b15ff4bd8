"""Plain links for sharing an event and finding its venue: no third-party scripts or embeds,
so nothing is loaded from another site until the visitor clicks."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def share_links(url, title):
    text = f"{title} {url}"
    return [
        ("mastodon", _("Mastodon"), "https://mastodonshare.com/?" + urlencode({"text": title, "url": url})),
        ("bluesky", _("Bluesky"), "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        ("x", _("X"), "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("linkedin", _("LinkedIn"), "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("email", _("Email"), f"mailto:?subject={quote(title)}&body={quote(text)}"),
    ]


def map_links(venue):
    """OpenStreetMap: the place on the map, and directions to it (by coordinates when known, else the address)."""
    if venue.has_geo:
        lat, lon = f"{venue.latitude:.6f}".rstrip("0").rstrip("."), f"{venue.longitude:.6f}".rstrip("0").rstrip(".")
        return {
            "map": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
            "directions": "https://www.openstreetmap.org/directions?" + urlencode({"to": f"{lat},{lon}"}),
        }
    address = ", ".join(p for p in [venue.address, venue.city, venue.region, venue.postal_code] if p)
    return {
        "map": "https://www.openstreetmap.org/search?" + urlencode({"query": address}),
        "directions": "https://www.openstreetmap.org/directions?" + urlencode({"to": address}),
    }
