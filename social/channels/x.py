"""X (Twitter) API v2 through tweepy: OAuth 1.0a user context, or an OAuth 2.0 user token."""

import datetime

import requests
import tweepy

from .base import Adapter, PermanentError, RetryableError, SentPart

TIMEOUT_SECONDS = 30


class _TimeoutSession(requests.Session):
    """tweepy sends without a timeout; a hung connection must not hold a worker forever."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


class XAdapter(Adapter):
    def __init__(self, channel, credentials):
        super().__init__(channel, credentials)
        self.user_auth = "consumer_key" in credentials
        if self.user_auth:
            self.client = tweepy.Client(
                consumer_key=credentials["consumer_key"],
                consumer_secret=credentials["consumer_secret"],
                access_token=credentials["access_token"],
                access_token_secret=credentials["access_token_secret"],
            )
        else:
            self.client = tweepy.Client(bearer_token=credentials["access_token"])
        self.client.session = _TimeoutSession()

    def send(self, text, root=None, parent=None, idempotency_key=None):
        try:
            response = self.client.create_tweet(
                text=text, in_reply_to_tweet_id=parent.id if parent else None, user_auth=self.user_auth
            )
        except tweepy.TooManyRequests as e:
            retry_at = None
            if e.reset_time:
                retry_at = datetime.datetime.fromtimestamp(e.reset_time, tz=datetime.UTC)
            raise RetryableError(f"X rate limit (429): {e}", retry_at=retry_at)
        except tweepy.TwitterServerError as e:
            raise RetryableError(f"X server error: {e}")
        except tweepy.HTTPException as e:
            # 401/403 (authentication, duplicate content, suspended) and 400 (invalid text) will not get better.
            raise PermanentError(f"X refused the post: {e}")
        except requests.RequestException as e:
            raise RetryableError(f"X unreachable: {type(e).__name__}")
        tweet_id = str(response.data["id"])
        return SentPart(id=tweet_id, url=f"https://x.com/i/web/status/{tweet_id}")
