"""Bluesky through atproto: links shortened in the text and carried as facets; replies name root and parent."""

from atproto import Client, models
from atproto_client import exceptions as at_errors

from ..text import bluesky_render
from .base import Adapter, PermanentError, RetryableError, SentPart

DEFAULT_SERVER = "https://bsky.social"


def _strong_ref(part):
    return models.ComAtprotoRepoStrongRef.Main(uri=part.id, cid=part.cid)


def _facets(facets):
    return [
        models.AppBskyRichtextFacet.Main(
            index=models.AppBskyRichtextFacet.ByteSlice(byte_start=f.byte_start, byte_end=f.byte_end),
            features=[models.AppBskyRichtextFacet.Link(uri=f.uri)],
        )
        for f in facets
    ]


class BlueskyAdapter(Adapter):
    def __init__(self, channel, credentials):
        super().__init__(channel, credentials)
        self.client = Client(base_url=channel.base_url or DEFAULT_SERVER)
        self.logged_in = False

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except at_errors.RateLimitExceededError as e:
            raise RetryableError(f"Bluesky rate limit: {e}", retry_at=e.reset_at)
        except at_errors.NetworkError as e:
            raise RetryableError(f"Bluesky unreachable: {type(e).__name__} {e}")
        except at_errors.UnauthorizedError as e:
            raise PermanentError(f"Bluesky refused the login: {e}")
        except at_errors.BadRequestError as e:
            raise PermanentError(f"Bluesky refused the post: {e}")
        except at_errors.RequestException as e:
            if e.response is not None and e.response.status_code >= 500:
                raise RetryableError(f"Bluesky server error: {e}")
            raise PermanentError(f"Bluesky refused the post: {e}")

    def send(self, text, root=None, parent=None, idempotency_key=None):
        handle = self.channel.handle
        if not self.logged_in:
            self._call(self.client.login, handle, self.credentials["password"], fetch_bsky_profile=False)
            self.logged_in = True
        shown, facets = bluesky_render(text)
        reply = None
        if parent is not None:
            reply = models.AppBskyFeedPost.ReplyRef(root=_strong_ref(root or parent), parent=_strong_ref(parent))
        created = self._call(
            self.client.send_post, shown, profile_identify=handle, reply_to=reply, facets=_facets(facets) or None
        )
        rkey = created.uri.rsplit("/", 1)[-1]
        return SentPart(id=created.uri, cid=created.cid, url=f"https://bsky.app/profile/{handle}/post/{rkey}")
