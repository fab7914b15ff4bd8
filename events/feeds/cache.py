"""Feed cache keys and their invalidation.

Every public feed's cache key carries a generation token that changes (after commit) whenever an event,
date, group, venue, tag or page permission changes; a private feed's key also carries its owner's token,
which changes with their registrations, follows and feed URL. Tokens are random, never counters, so a
token lost from the cache can never come back and revive an old feed.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GLOBAL_KEY = "calfeed:gen"


def _user_key(user_pk):
    return f"calfeed:gen:user:{user_pk}"


def _token(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or "x"
    return value


def global_generation():
    return _token(GLOBAL_KEY)


def user_generation(user_pk):
    return _token(_user_key(user_pk))


def _bump(key):
    cache.set(key, uuid.uuid4().hex, None)


def invalidate_all():
    """After the current transaction commits (at once outside one), every feed is rebuilt on its next request."""
    transaction.on_commit(lambda: _bump(GLOBAL_KEY))


def invalidate_user(user_pk):
    transaction.on_commit(lambda: _bump(_user_key(user_pk)))
