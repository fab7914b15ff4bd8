"""A per-client request budget for the public API and the bulk downloads, kept in the shared cache.

A fixed window counter: `cache.add` starts it and `cache.incr` counts atomically (Redis INCR), so
every process behind the load balancer shares one budget per client. The client is the connecting
address, or, behind N trusted proxies, the address the last of them saw (never a value the client
can write into X-Forwarded-For itself).
"""

import time

from django.conf import settings
from django.core.cache import cache

UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}


def parse_rate(rate):
    """'120/minute' -> (120, 60); '' or None -> (None, None): no limit."""
    if not rate:
        return None, None
    count, _, unit = str(rate).partition("/")
    return int(count), UNITS[unit.strip().lower() or "s"]


def client_ip(request):
    proxies = settings.CONVENE_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


def seconds_left(now=None):
    _, window = parse_rate(settings.CONVENE_API_RATE_LIMIT)
    if not window:
        return 0
    now = time.time() if now is None else now
    return max(1, int(window - now % window + 0.999))


def allow(request, now=None):
    """Count this request against the client's budget; False once the budget of the window is spent."""
    limit, window = parse_rate(settings.CONVENE_API_RATE_LIMIT)
    if limit is None:
        return True
    now = time.time() if now is None else now
    key = f"opendata:rate:{int(now // window)}:{client_ip(request)}"
    cache.add(key, 0, window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        used = 1
    return used <= limit
