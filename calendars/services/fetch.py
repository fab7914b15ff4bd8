"""Fetching an outside feed safely: http(s) only, public addresses only (checked after DNS resolution
and again on every redirect, and the connection goes to the address that was checked), a timeout, a size
limit and conditional requests."""

import ipaddress
import socket
import urllib.parse
from dataclasses import dataclass

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5


class FetchError(Exception):
    """The feed could not be fetched; the message says why, for the admin."""


@dataclass
class FetchResult:
    status: int  # 200 or 304
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def _allowed_hosts():
    return set(settings.CONVENE_CALENDAR_IMPORT_ALLOWED_HOSTS)


def is_public_address(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host, port):
    """The addresses to connect to for `host`, all of them public (unless the host is allowed for tests)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(_("The host name %(host)s does not resolve (%(error)s).") % {"host": host, "error": e})
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(_("The host name %(host)s does not resolve.") % {"host": host})
    if host in _allowed_hosts():
        return addresses
    for address in addresses:
        if not is_public_address(address):
            raise FetchError(
                _("Refused: %(host)s resolves to %(address)s, which is not a public address.")
                % {"host": host, "address": address}
            )
    return addresses


def _check_url(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(_("Refused: only http and https addresses are fetched (%(url)s).") % {"url": url})
    if not parts.hostname:
        raise FetchError(_("Refused: the address %(url)s has no host.") % {"url": url})
    if parts.username or parts.password:
        raise FetchError(_("Refused: the address %(url)s carries a user name or password.") % {"url": url})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(_("Refused: the address %(url)s has an invalid port.") % {"url": url})
    return parts, port


def _request(parts, port, address, headers, timeout):
    host = parts.hostname
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    request_headers = {"Host": parts.netloc.rsplit("@", 1)[-1], **headers}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, timeout=timeout, retries=False, maxsize=1
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    try:
        return pool.urlopen(
            "GET", path, headers=request_headers, redirect=False, preload_content=False, decode_content=True
        ), pool
    except urllib3.exceptions.HTTPError as e:
        pool.close()
        raise FetchError(_("Could not connect to %(host)s: %(error)s") % {"host": host, "error": e})


def _read_limited(response, limit):
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchError(_("Refused: the feed is larger than %(limit)d bytes.") % {"limit": limit})
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as e:
        raise FetchError(_("The download failed: %(error)s") % {"error": e})
    return b"".join(chunks)


def fetch(url, *, etag="", last_modified=""):
    """GET `url` with If-None-Match/If-Modified-Since; follow up to MAX_REDIRECTS redirects, checking
    each address. Raises FetchError with a reason for the admin."""
    timeout = urllib3.Timeout(
        connect=settings.CONVENE_CALENDAR_IMPORT_TIMEOUT, read=settings.CONVENE_CALENDAR_IMPORT_TIMEOUT
    )
    limit = settings.CONVENE_CALENDAR_IMPORT_MAX_BYTES
    headers = {
        "User-Agent": f"Convene calendar import (+{settings.SITE_URL})",
        "Accept": "text/calendar, */*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(MAX_REDIRECTS + 1):
        parts, port = _check_url(url)
        address = resolve(parts.hostname, port)[0]
        response, pool = _request(parts, port, address, headers, timeout)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(_("The server redirected without saying where."))
                url = urllib.parse.urljoin(url, location)
                continue
            if response.status == 304:
                return FetchResult(304, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise FetchError(_("The server answered HTTP %(status)d.") % {"status": response.status})
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(_("Refused: the feed is larger than %(limit)d bytes.") % {"limit": limit})
            body = _read_limited(response, limit)
            return FetchResult(
                200,
                body=body,
                etag=response.headers.get("ETag", "")[:300],
                last_modified=response.headers.get("Last-Modified", "")[:100],
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(_("Refused: more than %(count)d redirects.") % {"count": MAX_REDIRECTS})
