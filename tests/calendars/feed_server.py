"""A local HTTP server that publishes calendar feeds the way the real services do: a body per path,
optional ETag/Last-Modified (answering 304 to conditional requests), redirects, and a request log."""

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    def __init__(self):
        self.routes = {}  # path -> dict(body=bytes, conditional=bool, status=int, headers=dict)
        self.requests = []  # (path, headers) in order
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                with server.lock:
                    server.requests.append((self.path, dict(self.headers)))
                    route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.get("delay"):
                    time.sleep(route["delay"])  # a slow server: keeps a sync busy while another starts
                body = route.get("body", b"")
                headers = dict(route.get("headers", {}))
                if route.get("conditional"):
                    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                    headers["ETag"] = etag
                    headers["Last-Modified"] = formatdate(route.get("modified", 1_790_000_000), usegmt=True)
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        for name, value in headers.items():
                            self.send_header(name, value)
                        self.end_headers()
                        return
                self.send_response(route.get("status", 200))
                headers.setdefault("Content-Type", route.get("content_type", "text/calendar; charset=utf-8"))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def publish(self, path, body, *, conditional=False, **options):
        if isinstance(body, str):
            body = body.replace("\r\n", "\n").replace("\n", "\r\n").encode()
        with self.lock:
            self.routes[path] = {"body": body, "conditional": conditional, **options}

    def redirect(self, path, location, status=302):
        with self.lock:
            self.routes[path] = {"status": status, "headers": {"Location": location}}

    def requests_for(self, path):
        with self.lock:
            return [headers for p, headers in self.requests if p == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
