"""Validators for public data responses: a strong ETag from the bytes and a Last-Modified that never
moves backwards for a URL, so clients and caches can ask again cheaply and get 304.

Last-Modified is the time a URL first answered with its current bytes (kept in the shared cache).
Rows can disappear (an event unpublished or deleted) without any timestamp in the database moving,
so no column could say when an answer last changed; the bytes can. A new answer always gets a later
second than the one before, so If-Modified-Since never mistakes a new answer for an old one.
"""

import hashlib
import time

from django.core.cache import cache
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

STAMP_SECONDS = 30 * 24 * 3600


def etag_for(body):
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def last_modified_for(key, etag, now=None):
    now = int(time.time() if now is None else now)
    cache_key = "opendata:lm:" + hashlib.sha256(key.encode()).hexdigest()
    stored = cache.get(cache_key)
    if stored and stored[0] == etag:
        return stored[1]
    stamp = max(now, stored[1] + 1) if stored else now
    cache.set(cache_key, (etag, stamp), STAMP_SECONDS)
    return stamp


def make_conditional(request, response, key=None):
    """Set ETag and Last-Modified on a 200 answer, and answer 304 when the client already has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    etag = etag_for(response.content)
    # Per language too: labels are translated, and two languages' answers must not bump each other's stamp.
    language = getattr(request, "LANGUAGE_CODE", "")
    stamp = last_modified_for(key or f"{language}:{request.get_full_path()}", etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    return get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
