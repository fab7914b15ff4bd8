"""What every network adapter offers, and how failures are classified."""

import os
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from .. import redaction


class SendError(Exception):
    """Sending a part failed. retryable: try again later (at retry_at when the network said when)."""

    retryable = False

    def __init__(self, message, retry_at=None):
        super().__init__(redaction.redact(message))
        self.retry_at = retry_at


class RetryableError(SendError):
    retryable = True


class PermanentError(SendError):
    retryable = False


@dataclass(frozen=True)
class SentPart:
    id: str
    url: str = ""
    cid: str = ""

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(id=str(data["id"]), url=data.get("url", ""), cid=data.get("cid", ""))


def read_credentials(channel):
    """The channel's credentials, read from the environment now; never stored or logged."""
    values = {}
    for key, name in channel.credential_env_names().items():
        value = os.environ.get(name, "") if name else ""
        if not value:
            raise PermanentError(_("Environment variable %(name)s is not set.") % {"name": name or "?"})
        redaction.register(value)
        values[key] = value
    return values


class Adapter:
    """Posts one part at a time; a reply names the thread's first part (root) and the part it follows."""

    def __init__(self, channel, credentials):
        self.channel = channel
        self.credentials = credentials

    def send(self, text, root=None, parent=None, idempotency_key=None):  # pragma: no cover - interface
        raise NotImplementedError
