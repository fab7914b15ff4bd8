"""The domain in calendar UIDs, fixed once per site.

Calendar apps recognise an event by its UID; if the domain in it changed (SITE_URL set after a first run
on 127.0.0.1, or a move to a new host), every subscriber would get every event twice. So the domain is
chosen when the site first needs one, stored in the database, and kept whatever SITE_URL becomes.
"""

import ipaddress
import secrets
import threading

from django.conf import settings

from ..models import CalendarIdentity

_lock = threading.Lock()
_known = None


def _host(url):
    return url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].strip("[]").lower()


def _is_local(host):
    if not host or host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local


def initial_domain():
    """For a site that has none yet: CONVENE_CALENDAR_UID_DOMAIN if set, else SITE_URL's host when it is a
    public name, else a random name (a first run on 127.0.0.1 must not share UIDs with every other one)."""
    explicit = settings.CONVENE_CALENDAR_UID_DOMAIN.strip().lower()
    if explicit:
        return explicit
    host = _host(settings.SITE_URL)
    if not _is_local(host):
        return host
    return f"convene-{secrets.token_hex(6)}.invalid"


def uid_domain():
    """The site's UID domain, stored at first use. Kept in memory afterwards: it never changes."""
    global _known
    if _known is None:
        with _lock:
            row = CalendarIdentity.objects.order_by("pk").first()
            if row is None:
                row, _created = CalendarIdentity.objects.get_or_create(pk=1, defaults={"uid_domain": initial_domain()})
            _known = row.uid_domain
    return _known


def forget():
    """Read the domain from the database again (tests and benchmarks that switch databases)."""
    global _known
    _known = None
