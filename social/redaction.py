"""Keep credentials out of logs: every log record made in this process has known secrets masked.

Client libraries log request headers at DEBUG (tweepy logs the bearer token; requests-oauthlib logs the
signed OAuth header), so masking at our call sites is not enough. Secrets are registered when they are
read from the environment, and a log-record factory masks them in every record's message, whatever logger
made it. The same mask is applied to error messages before they are stored.
"""

import logging
import threading

MASK = "[redacted]"
_secrets = set()
_lock = threading.Lock()
_installed = False


def register(value):
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text):
    text = str(text)
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def install():
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if _secrets:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is left for logging to report
                return record
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)
