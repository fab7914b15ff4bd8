"""A small fake of Stripe's HTTP API on 127.0.0.1, talked to by the real stripe-python client.

It implements what Convene calls (Checkout Sessions: create, retrieve; Refunds: create), honours
Idempotency-Key like Stripe does (same key: same response), and records every request. Webhook
events are built and signed with Stripe's real `t=...,v1=HMAC-SHA256` scheme by `sign()`.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


def decode_form(body):
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts and lists."""
    root = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload, secret, timestamp=None):
    timestamp = int(timestamp if timestamp is not None else time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


class FakeStripe:
    def __init__(self, api_key):
        self.api_key = api_key
        self.sessions = {}
        self.tax_rates = {}
        self.products = {}
        self.coupons = {}
        self.promotion_codes = {}
        self.refunds = {}
        self.requests = []
        self.idempotent = {}
        self.fail_next = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _id(self, prefix):
        return f"{prefix}_test_{next(self._ids):06d}"

    # -- API ----------------------------------------------------------------

    def handle(self, method, path, params, headers):
        if headers.get("Authorization") != f"Bearer {self.api_key}":
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
        if self.fail_next:
            self.fail_next -= 1
            return 500, {"error": {"type": "api_error", "message": "Something went wrong"}}
        key = headers.get("Idempotency-Key")
        if method == "POST" and key and key in self.idempotent:
            return self.idempotent[key]
        if method == "POST" and path == "/v1/checkout/sessions":
            session = self._create_session(params)
            result = (400 if "error" in session else 200), session
        elif method == "GET" and path.startswith("/v1/checkout/sessions/"):
            session = self.sessions.get(path.rsplit("/", 1)[1])
            result = (200, session) if session else (404, {"error": {"type": "invalid_request_error"}})
        elif method == "POST" and path.startswith("/v1/checkout/sessions/") and path.endswith("/expire"):
            result = self._expire_session(path.split("/")[-2])
        elif method == "POST" and path == "/v1/refunds":
            result = self._create_refund(params)
        elif method == "POST" and path == "/v1/tax_rates":
            result = 200, self._create_tax_rate(params)
        elif method == "POST" and path == "/v1/products":
            result = 200, self._create("prod", "product", self.products, params)
        elif method == "POST" and path == "/v1/coupons":
            result = 200, self._create("coupon", "coupon", self.coupons, params)
        elif method == "POST" and path == "/v1/promotion_codes":
            result = self._create_promotion_code(params)
        elif method == "POST" and path.startswith("/v1/promotion_codes/"):
            result = self._update_promotion_code(path.rsplit("/", 1)[1], params)
        else:
            result = 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized {method} {path}"}}
        if method == "POST" and key:
            self.idempotent[key] = result
        return result

    def _create(self, prefix, kind, store, params):
        obj = {"id": self._id(prefix), "object": kind, **params}
        store[obj["id"]] = obj
        return obj

    def _create_promotion_code(self, params):
        coupon = params.get("promotion", {}).get("coupon")
        if coupon not in self.coupons:
            return 400, {"error": {"type": "invalid_request_error", "message": "No such coupon"}}
        code = params["code"]
        if any(p["code"].lower() == code.lower() and p["active"] for p in self.promotion_codes.values()):
            message = "An active promotion code with `code` already exists."
            return 400, {"error": {"type": "invalid_request_error", "message": message, "param": "code"}}
        promo = {"id": self._id("promo"), "object": "promotion_code", "active": True, "times_redeemed": 0, **params}
        self.promotion_codes[promo["id"]] = promo
        return 200, promo

    def _update_promotion_code(self, promo_id, params):
        promo = self.promotion_codes.get(promo_id)
        if promo is None:
            return 404, {"error": {"type": "invalid_request_error", "message": "No such promotion code"}}
        if "active" in params:
            promo["active"] = params["active"] in (True, "true")
        return 200, promo

    def _create_tax_rate(self, params):
        rate = {
            "id": self._id("txr"),
            "object": "tax_rate",
            "display_name": params["display_name"],
            "percentage": float(params["percentage"]),
            "inclusive": params["inclusive"] in (True, "true"),
            "country": params.get("country"),
        }
        self.tax_rates[rate["id"]] = rate
        return rate

    def _line_total(self, line, discount=0):
        """Stripe's arithmetic for one line: a discount first, then exclusive rates add tax (rounded half up);
        inclusive ones don't."""
        subtotal = int(line["price_data"]["unit_amount"]) * int(line["quantity"]) - discount
        tax = 0
        for rate_id in line.get("tax_rates", []):
            rate = self.tax_rates[rate_id]
            if not rate["inclusive"]:
                tax += int(subtotal * rate["percentage"] / 100 + 0.5)
        return subtotal + tax

    def _create_session(self, params):
        session_id = self._id("cs")
        line = params["line_items"][0]
        if any(rate not in self.tax_rates for rate in line.get("tax_rates", [])):
            return {"error": {"type": "invalid_request_error", "message": "No such tax rate"}}
        product = line["price_data"].get("product")
        if product is not None and product not in self.products:
            return {"error": {"type": "invalid_request_error", "message": "No such product"}}
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"{self.url}/pay/{session_id}",
            "mode": params["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "amount_total": self._line_total(line),
            "line_items": params["line_items"],
            "payment_intent_data": params.get("payment_intent_data", {}),
            "allow_promotion_codes": params.get("allow_promotion_codes") in (True, "true"),
            "total_details": {"amount_discount": 0, "amount_tax": 0},
            "currency": line["price_data"]["currency"],
            "customer_email": params.get("customer_email"),
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "expires_at": int(params["expires_at"]),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
        }
        self.sessions[session_id] = session
        return session

    def _expire_session(self, session_id):
        session = self.sessions.get(session_id)
        if session is None:
            return 404, {"error": {"type": "invalid_request_error", "message": "No such checkout.session"}}
        if session["status"] != "open":
            message = f"Only Checkout Sessions with a status of open can be expired; this one is {session['status']}."
            return 400, {"error": {"type": "invalid_request_error", "message": message}}
        session["status"] = "expired"
        return 200, session

    def _create_refund(self, params):
        intent = params.get("payment_intent")
        if not any(s["payment_intent"] == intent for s in self.sessions.values()):
            return 400, {"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}
        refund = {"id": self._id("re"), "object": "refund", "payment_intent": intent, "status": "succeeded"}
        self.refunds[refund["id"]] = refund
        return 200, refund

    # -- what a customer does on Stripe's page ---------------------------------

    def pay(self, session_id, payment_status="paid", promotion_code=None):
        session = self.sessions[session_id]
        if promotion_code is not None:
            self._apply_promotion_code(session, promotion_code)
        session["status"] = "complete"
        session["payment_status"] = payment_status
        session["payment_intent"] = session["payment_intent"] or self._id("pi")
        return dict(session)

    def _apply_promotion_code(self, session, code):
        """What Checkout does when the customer types a code: refuse it unless it is allowed and applies."""
        if not session["allow_promotion_codes"]:
            raise ValueError("this Checkout Session has no field for promotion codes")
        promo = next((p for p in self.promotion_codes.values() if p["code"].lower() == code.lower()), None)
        if promo is None or not promo["active"]:
            raise ValueError("This code is invalid.")
        limit = promo.get("max_redemptions")
        if limit is not None and promo["times_redeemed"] >= int(limit):
            raise ValueError("This code is invalid.")
        coupon = self.coupons[promo["promotion"]["coupon"]]
        line = session["line_items"][0]
        if line["price_data"].get("product") not in coupon.get("applies_to", {}).get("products", []):
            raise ValueError("This code is not valid for the items in your cart.")
        subtotal = int(line["price_data"]["unit_amount"]) * int(line["quantity"])
        if "percent_off" in coupon:
            discount = int(subtotal * int(coupon["percent_off"]) / 100 + 0.5)
        else:
            discount = min(int(coupon["amount_off"]), subtotal)
        session["amount_total"] = self._line_total(line, discount)
        session["total_details"]["amount_discount"] = discount
        promo["times_redeemed"] += 1

    def expire(self, session_id):
        session = self.sessions[session_id]
        session["status"] = "expired"
        return dict(session)

    def event(self, event_type, obj):
        return {
            "id": self._id("evt"),
            "object": "event",
            "type": event_type,
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }

    def charge_refunded(self, intent):
        return {"id": self._id("ch"), "object": "charge", "payment_intent": intent, "refunded": True}

    def calls(self, method, path):
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                path, _, query = self.path.partition("?")
                params = decode_form(body or query)
                headers = dict(self.headers.items())
                with fake._lock:
                    fake.requests.append({"method": method, "path": path, "params": params, "headers": headers})
                    status, payload = fake.handle(method, path, params, headers)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{len(fake.requests)}")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def log_message(self, *args):
                pass

        return Handler
