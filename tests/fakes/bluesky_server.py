"""A local stand-in for a Bluesky PDS's XRPC API (createSession, createRecord), on 127.0.0.1.

It checks the app password and the session's bearer token, records every post record (text, facets, reply),
and can be told to answer the next createRecord calls with an error (429 with ratelimit headers, 5xx, 401).
"""

import base64
import json
import threading
import time

from .json_http import JsonHandler, LocalJsonServer


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class FakeBluesky(LocalJsonServer):
    def __init__(self, handle, password, did="did:plc:civictechfake"):
        self.handle, self.password, self.did = handle, password, did
        self.access_jwt = ".".join(
            [
                _b64({"typ": "at+jwt", "alg": "ES256K"}),
                _b64(
                    {
                        "scope": "com.atproto.appPass",
                        "sub": did,
                        "iat": int(time.time()),
                        "exp": int(time.time()) + 7200,
                    }
                ),
                "c2lnbmF0dXJl",
            ]
        )
        self.records = []
        self.sessions = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(JsonHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path == "/xrpc/com.atproto.server.createSession":
                    if body.get("identifier") != fake.handle or body.get("password") != fake.password:
                        return self._answer(401, {"error": "AuthenticationRequired", "message": "Invalid password"})
                    fake.sessions += 1
                    return self._answer(
                        200,
                        {
                            "accessJwt": fake.access_jwt,
                            "refreshJwt": fake.access_jwt,
                            "handle": fake.handle,
                            "did": fake.did,
                        },
                    )
                if self.path != "/xrpc/com.atproto.repo.createRecord":
                    return self._answer(501, {"error": "MethodNotImplemented"})
                if self.headers.get("Authorization") != f"Bearer {fake.access_jwt}":
                    return self._answer(401, {"error": "InvalidToken", "message": "Bad token"})
                with fake._lock:
                    if fake.failures:
                        code, headers = fake.failures.pop(0)
                        return self._answer(code, {"error": "Fake", "message": f"fake failure {code}"}, headers)
                    rkey = f"3kfake{len(fake.records) + 1:04d}"
                    uri = f"at://{fake.did}/app.bsky.feed.post/{rkey}"
                    cid = f"bafyreifake{len(fake.records) + 1:04d}"
                    fake.records.append({"repo": body["repo"], "uri": uri, "cid": cid, **body["record"]})
                return self._answer(200, {"uri": uri, "cid": cid})

        self._serve(Handler)
