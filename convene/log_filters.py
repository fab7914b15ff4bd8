"""Keep secrets that travel in URLs out of request logs."""

import logging
import re

# A private calendar feed's URL is its only credential: a 404 for a revoked one is still logged.
PRIVATE_FEED_PATH = re.compile(r"/calendar/me/[^/\s\"']+\.ics")


class RedactPrivateFeedTokens(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for logging to report
            return True
        cleaned = PRIVATE_FEED_PATH.sub("/calendar/me/[redacted].ics", message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
