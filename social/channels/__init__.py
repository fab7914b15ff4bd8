"""One small adapter per network; adapter_for() reads the channel's credentials from the environment."""

from .base import PermanentError, RetryableError, SendError, SentPart, read_credentials

__all__ = ["PermanentError", "RetryableError", "SendError", "SentPart", "adapter_for", "read_credentials"]


def adapter_for(channel):
    from .bluesky import BlueskyAdapter
    from .mastodon import MastodonAdapter
    from .x import XAdapter

    adapters = {"x": XAdapter, "mastodon": MastodonAdapter, "bluesky": BlueskyAdapter}
    return adapters[channel.network](channel, read_credentials(channel))
