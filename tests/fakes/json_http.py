import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    """Request handler for the local fakes of third-party JSON APIs."""

    def log_message(self, *args):
        pass

    def _answer(self, code, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class LocalJsonServer:
    """A fake API served on a free loopback port while used as a context manager."""

    def _serve(self, handler_class):
        self.failures = []  # (status code, extra headers) answered, in order, before any success
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def fail_next(self, code, headers=()):
        self.failures.append((code, list(headers)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
