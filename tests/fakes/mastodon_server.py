"""A local stand-in for a Mastodon instance's REST API (POST /api/v1/statuses), on 127.0.0.1.

It checks the bearer token, honours Idempotency-Key like Mastodon does, records every status, and can be told
to answer the next requests with an error (429 with rate-limit headers, 5xx, 401, 422).
"""

import threading
import time
from urllib.parse import parse_qs

from .json_http import JsonHandler, LocalJsonServer


class FakeMastodon(LocalJsonServer):
    def __init__(self, token):
        self.token = token
        self.statuses = []
        self.requests = 0
        self.delay = 0.0
        self._lock = threading.Lock()
        self._by_key = {}
        fake = self

        class Handler(JsonHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if self.path != "/api/v1/statuses":
                    return self._answer(404, {"error": "Record not found"})
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._answer(401, {"error": "The access token is invalid"})
                if fake.delay:
                    time.sleep(fake.delay)
                with fake._lock:
                    fake.requests += 1
                    if fake.failures:
                        code, headers = fake.failures.pop(0)
                        return self._answer(code, {"error": f"fake failure {code}"}, headers)
                    form = {k: v[0] for k, v in parse_qs(raw).items()} if raw else {}
                    key = self.headers.get("Idempotency-Key")
                    if key and key in fake._by_key:
                        return self._answer(200, fake._by_key[key])
                    status_id = str(110000000000000000 + len(fake.statuses) + 1)
                    status = {
                        "id": status_id,
                        "uri": f"{fake.url}/users/civictech/statuses/{status_id}",
                        "url": f"{fake.url}/@civictech/{status_id}",
                        "content": form.get("status", ""),
                        "text": form.get("status", ""),
                        "in_reply_to_id": form.get("in_reply_to_id"),
                        "visibility": form.get("visibility", "public"),
                        "created_at": "2026-11-24T14:00:00.000Z",
                        "account": {"id": "1", "username": "civictech", "acct": "civictech"},
                        "media_attachments": [],
                        "mentions": [],
                        "tags": [],
                        "emojis": [],
                    }
                    fake.statuses.append(status)
                    if key:
                        fake._by_key[key] = status
                return self._answer(200, status, [("X-RateLimit-Remaining", "299"), ("X-RateLimit-Limit", "300")])

        self._serve(Handler)
