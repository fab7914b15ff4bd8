"""Feed cache keys and their invalidation.

Every public feed's cache key carries a generation token that changes (at once, and again after
commit) whenever an event, date, group, venue, tag or page permission changes; a private feed's key
also carries its owner's token, which changes with their registrations, follows and feed URL.
Tokens are random, never counters, so a token lost from the cache never comes back to revive an old feed.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GLOBAL_KEY = "calfeed:gen"


def user_key(user_pk):
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
    return _token(user_key(user_pk))


def _bump(key):
    cache.set(key, uuid.uuid4().hex, None)


def _bump_now_and_after_commit(key):
    # Now, so this process never serves the old feed again; after commit, so a feed another process
    # built meanwhile from not-yet-committed data is not served under the token either.
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def invalidate_all():
    """Every feed is rebuilt on its next request."""
    _bump_now_and_after_commit(GLOBAL_KEY)


def invalidate_user(user_pk):
    """The person's private feed is rebuilt on its next request."""
    _bump_now_and_after_commit(user_key(user_pk))
