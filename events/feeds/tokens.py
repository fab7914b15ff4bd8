"""Private feed URLs: an unguessable token per person, revocable by regenerating it.

The URL token is HMAC-SHA256(SECRET_KEY, nonce); the database keeps the nonce and SHA-256(token), so a
copy of the database alone does not give anyone's feed URL. Regenerating draws a new nonce: the old URL
then answers 404.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction

from ..models import CalendarToken
from . import cache as feed_cache

TOKEN_RE = re.compile(r"^[0-9a-f]{40}$")


def _token(nonce):
    return hmac.new(settings.SECRET_KEY.encode(), f"calendar-feed:{nonce}".encode(), hashlib.sha256).hexdigest()[:40]


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(user):
    """The person's current token, created on first use."""
    row = CalendarToken.objects.filter(user=user).first()
    if row is None:
        return regenerate_token(user)
    token = _token(row.nonce)
    if row.digest != _digest(token):
        # SECRET_KEY was rotated: the shown URL is the one that must work.
        CalendarToken.objects.filter(pk=row.pk).update(digest=_digest(token))
        feed_cache.invalidate_user(user.pk)
    return token


def regenerate_token(user):
    """A new private URL; the old one stops working at once."""
    nonce = secrets.token_hex(32)
    token = _token(nonce)
    with transaction.atomic():
        CalendarToken.objects.update_or_create(user=user, defaults={"nonce": nonce, "digest": _digest(token)})
        feed_cache.invalidate_user(user.pk)
    return token


def user_for_token(token):
    """The active user whose current token this is, or None (malformed, revoked or unknown)."""
    if not TOKEN_RE.match(token or ""):
        return None
    row = CalendarToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if row is None or not row.user.is_active or not hmac.compare_digest(_token(row.nonce), token):
        return None
    return row.user
