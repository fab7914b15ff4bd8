"""Mastodon through Mastodon.py, on the channel's instance."""

import datetime

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from .base import Adapter, PermanentError, RetryableError, SentPart

TIMEOUT_SECONDS = 30


class MastodonAdapter(Adapter):
    def __init__(self, channel, credentials):
        super().__init__(channel, credentials)
        self.client = Mastodon(
            api_base_url=channel.base_url,
            access_token=credentials["access_token"],
            ratelimit_method="throw",
            request_timeout=TIMEOUT_SECONDS,
            version_check_mode="none",
            user_agent="Convene",
        )

    def send(self, text, root=None, parent=None, idempotency_key=None):
        try:
            status = self.client.status_post(
                text, in_reply_to_id=parent.id if parent else None, idempotency_key=idempotency_key
            )
        except MastodonRatelimitError as e:
            reset = self.client.ratelimit_reset
            retry_at = datetime.datetime.fromtimestamp(reset, tz=datetime.UTC) if reset else None
            raise RetryableError(f"Mastodon rate limit: {e}", retry_at=retry_at)
        except (MastodonNetworkError, MastodonServerError) as e:
            raise RetryableError(f"Mastodon unavailable: {e}")
        except MastodonUnauthorizedError as e:
            raise PermanentError(f"Mastodon refused the access token: {e}")
        except MastodonAPIError as e:
            raise PermanentError(f"Mastodon refused the post: {e}")
        return SentPart(id=str(status["id"]), url=status.get("url") or "")
