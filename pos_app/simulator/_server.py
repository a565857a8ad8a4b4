"""HTTP front of the simulator: routing, auth, idempotency, faults, rate limiting, stats."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import select
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from pos_app.simulator._keys import API_VERSION, TRAINING_API_KEY
from pos_app.simulator._state import Account
from pos_app.simulator._wire import (
    JSON,
    StripeError,
    decode_form,
    mask_key,
    new_id,
    rate_limited,
    reader_timeout,
)

_WELL_FORMED_TEST_KEY = re.compile(r"^(sk|rk)_test_[A-Za-z0-9_]{8,}$")
_FAULT_KINDS = ("latency", "error", "rate_limit", "reset", "hang", "reader_timeout")
_PERMISSIONS = ("all", "no_terminal")
_MISSING_KEY_MESSAGE = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at "
    "https://support.stripe.com/."
)

Handler = Callable[[Account, str, JSON, str | None], JSON]


def _stripe_routes() -> list[tuple[str, re.Pattern[str], str, Handler]]:
    readers = "/v1/terminal/readers"
    locations = "/v1/terminal/locations"
    intents = "/v1/payment_intents"
    table: list[tuple[str, str, Handler]] = [
        ("POST", locations, lambda a, _i, p, _v: a.create_location(p)),
        ("GET", locations, lambda a, _i, p, _v: a.list_locations(p)),
        ("GET", locations + "/{id}", lambda a, i, _p, _v: a.retrieve_location(i)),
        ("POST", locations + "/{id}", lambda a, i, p, _v: a.update_location(i, p)),
        ("DELETE", locations + "/{id}", lambda a, i, _p, _v: a.delete_location(i)),
        ("POST", readers, lambda a, _i, p, _v: a.register_reader(p)),
        ("GET", readers, lambda a, _i, p, _v: a.list_readers(p)),
        ("GET", readers + "/{id}", lambda a, i, p, _v: a.retrieve_reader(i, p)),
        ("POST", readers + "/{id}", lambda a, i, p, _v: a.update_reader(i, p)),
        ("DELETE", readers + "/{id}", lambda a, i, _p, _v: a.delete_reader(i)),
        (
            "POST",
            readers + "/{id}/process_payment_intent",
            lambda a, i, p, _v: a.process_payment_intent(i, p),
        ),
        ("POST", readers + "/{id}/cancel_action", lambda a, i, p, _v: a.cancel_action(i, p)),
        (
            "POST",
            readers + "/{id}/set_reader_display",
            lambda a, i, p, _v: a.set_reader_display(i, p),
        ),
        (
            "POST",
            "/v1/test_helpers/terminal/readers/{id}/present_payment_method",
            lambda a, i, p, _v: a.present_payment_method(i, p),
        ),
        (
            "POST",
            "/v1/terminal/connection_tokens",
            lambda a, _i, p, _v: a.create_connection_token(p),
        ),
        ("POST", intents, lambda a, _i, p, v: a.create_payment_intent(p, api_version=v)),
        ("GET", intents + "/{id}", lambda a, i, p, _v: a.retrieve_payment_intent(i, p)),
        ("POST", intents + "/{id}/cancel", lambda a, i, p, _v: a.cancel_payment_intent(i, p)),
        ("POST", intents + "/{id}/capture", lambda a, i, p, _v: a.capture_payment_intent(i, p)),
        ("POST", intents + "/{id}/confirm", lambda a, i, p, _v: a.confirm_payment_intent(i, p)),
    ]
    routes = []
    for method, template, handler in table:
        pattern = re.compile("^" + re.escape(template).replace(r"\{id\}", "([^/]+)") + "$")
        routes.append((method, pattern, f"{method} {template}", handler))
    return routes


_ROUTES = _stripe_routes()


@dataclass
class Fault:
    id: str
    path: str
    method: str | None
    kind: str
    status: int
    latency_ms: float
    remaining: int | None

    def describe(self) -> JSON:
        return {
            "id": self.id,
            "path": self.path,
            "method": self.method,
            "kind": self.kind,
            "status": self.status,
            "latency_ms": self.latency_ms,
            "remaining": self.remaining,
        }


@dataclass
class _IdempotentResult:
    fingerprint: str
    pending: bool = True
    status: int = 0
    body: JSON | None = None


class _ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    sim: SimulatorServer


class SimulatorServer:
    """A Stripe Terminal API stand-in served over loopback HTTP from a background thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | os.PathLike[str] | None = None,
        offline_after: float = 120.0,
        seed: bool = False,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = Account(
            clock=clock, offline_after=offline_after, state_file=state_file, seed=seed
        )
        self._host = host
        self._port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._idempotency: dict[tuple[str, str], _IdempotentResult] = {}
        self._reset_server_state()

    def _reset_server_state(self) -> None:
        with self._lock:
            self.keys: dict[str, str] = {TRAINING_API_KEY: "all"}
            self.accept_any_test_key = True
            self.rate_limit_per_second: float | None = None
            self._hits: deque[float] = deque()
            self.faults: list[Fault] = []
            self._idempotency.clear()
            self._reset_stats_locked()

    def _reset_stats_locked(self) -> None:
        self._total = 0
        self._by_key: dict[str, int] = {}
        self._by_endpoint: dict[str, int] = {}
        self._rate_limited = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self._host, self._port), _RequestHandler)
        httpd.sim = self
        self._httpd = httpd
        self._port = int(httpd.server_address[1])
        self._stopping.clear()
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"stripe-simulator-{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd = self._httpd
        if httpd is None:
            return
        self._httpd = None
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    # ------------------------------------------------------------------ control state

    def configure(self, settings: JSON) -> JSON:
        state_settings: dict[str, float | None] = {}
        if "offline_after" in settings:
            state_settings["offline_after"] = float(settings["offline_after"])
        if "authorization_delay_ms" in settings:
            state_settings["authorization_delay_ms"] = float(settings["authorization_delay_ms"])
        result = self.state.configure(**state_settings)
        with self._lock:
            if "rate_limit_per_second" in settings:
                value = settings["rate_limit_per_second"]
                self.rate_limit_per_second = None if value is None else float(value)
                self._hits.clear()
            if "accept_any_test_key" in settings:
                self.accept_any_test_key = bool(settings["accept_any_test_key"])
            result["rate_limit_per_second"] = self.rate_limit_per_second
            result["accept_any_test_key"] = self.accept_any_test_key
        return result

    def register_key(self, key: str, permissions: str = "all") -> JSON:
        if permissions not in _PERMISSIONS:
            raise _ControlError(400, f"permissions must be one of {', '.join(_PERMISSIONS)}")
        if not re.match(r"^(sk|rk)_test_", key):
            raise _ControlError(400, "only test-mode keys (sk_test_…, rk_test_…) can be registered")
        with self._lock:
            self.keys[key] = permissions
        return {"key": mask_key(key, "…"), "permissions": permissions}

    def add_fault(self, spec: JSON) -> str:
        kind = spec.get("kind")
        if kind not in _FAULT_KINDS:
            raise _ControlError(400, f"kind must be one of {', '.join(_FAULT_KINDS)}")
        count = spec.get("count")
        fault = Fault(
            id=new_id("flt_", 12),
            path=str(spec.get("path") or ""),
            method=str(spec["method"]).upper() if spec.get("method") else None,
            kind=str(kind),
            status=int(spec.get("status") or (429 if kind == "rate_limit" else 500)),
            latency_ms=float(spec.get("latency_ms") or 0),
            remaining=None if count is None else int(count),
        )
        with self._lock:
            self.faults.append(fault)
        return fault.id

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def stats(self) -> JSON:
        with self._lock:
            return {
                "total": self._total,
                "by_key": dict(self._by_key),
                "by_endpoint": dict(self._by_endpoint),
                "rate_limited": self._rate_limited,
            }

    def reset_stats(self) -> None:
        with self._lock:
            self._reset_stats_locked()

    def reset(self) -> None:
        self.state.reset()
        self._reset_server_state()

    # ------------------------------------------------------------------ request pipeline

    def _match_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if not path.startswith(fault.path):
                    continue
                if fault.method is not None and fault.method != method:
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                return fault
        return None

    def _count(self, endpoint: str) -> None:
        with self._lock:
            self._total += 1
            self._by_endpoint[endpoint] = self._by_endpoint.get(endpoint, 0) + 1

    def _count_key(self, key: str) -> None:
        masked = mask_key(key, "…")
        with self._lock:
            self._by_key[masked] = self._by_key.get(masked, 0) + 1

    def _authenticate(self, key: str | None) -> str:
        """The key's permissions, or a 401 Stripe error."""
        if key is None:
            raise StripeError(401, _MISSING_KEY_MESSAGE)
        if key.startswith(("sk_live_", "rk_live_")):
            raise StripeError(
                401,
                f"The Comptoir simulator only accepts test-mode keys (sk_test_… or rk_test_…); "
                f"the live-mode key {mask_key(key)} was refused. Use a test-mode key.",
            )
        with self._lock:
            registered = self.keys.get(key)
            accept_any = self.accept_any_test_key
        if registered is not None:
            return registered
        if accept_any and _WELL_FORMED_TEST_KEY.match(key):
            return "all"
        raise StripeError(401, f"Invalid API Key provided: {mask_key(key)}")

    def _check_rate(self) -> None:
        with self._lock:
            limit = self.rate_limit_per_second
            if limit is None:
                return
            now = time.monotonic()
            while self._hits and now - self._hits[0] >= 1.0:
                self._hits.popleft()
            if len(self._hits) >= limit:
                self._rate_limited += 1
                raise rate_limited()
            self._hits.append(now)

    def _idempotency_begin(
        self, api_key: str, idem_key: str, fingerprint: str
    ) -> _IdempotentResult | None:
        """A finished result to replay, None to go ahead, or a StripeError."""
        with self._lock:
            entry = self._idempotency.get((api_key, idem_key))
            if entry is None:
                if len(self._idempotency) > 20000:
                    self._idempotency.pop(next(iter(self._idempotency)))
                self._idempotency[(api_key, idem_key)] = _IdempotentResult(fingerprint)
                return None
            if entry.fingerprint != fingerprint:
                raise StripeError(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they "
                    f"were first used with. Try using a key other than '{idem_key}' if you meant "
                    "to execute a different request.",
                    type="idempotency_error",
                    save_idempotent=False,
                )
            if entry.pending:
                raise StripeError(
                    409,
                    "There is currently another in-progress request using this Idempotent Key "
                    "(that probably means you submitted twice, and the other request is still "
                    f"going through): {idem_key}. Please try again later.",
                    code="idempotency_key_in_use",
                    save_idempotent=False,
                )
            return entry

    def _idempotency_end(
        self, api_key: str, idem_key: str, status: int, body: JSON, save: bool
    ) -> None:
        with self._lock:
            entry = self._idempotency.get((api_key, idem_key))
            if entry is None:
                return
            if save:
                entry.pending = False
                entry.status = status
                entry.body = body
            else:
                del self._idempotency[(api_key, idem_key)]

    def dispatch_stripe(  # noqa: PLR0917 - internal, called from the handler only
        self,
        method: str,
        path: str,
        params: JSON,
        key: str | None,
        idem_key: str | None,
        api_version: str | None = None,
    ) -> tuple[int, JSON, dict[str, str]]:
        """Auth, rate limit, idempotency and the resource call. Returns status, body, headers."""
        route = None
        reader_or_id = ""
        for route_method, pattern, _name, handler in _ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                route = handler
                reader_or_id = match.group(1) if pattern.groups else ""
                break
        permissions = self._authenticate(key)
        assert key is not None
        if permissions == "no_terminal" and path.startswith(
            ("/v1/terminal/", "/v1/test_helpers/terminal/")
        ):
            raise StripeError(
                403,
                f"The provided key '{mask_key(key)}' does not have the required permissions for "
                "this endpoint on account 'acct_1ComptoirSimulator'. Having the "
                "'rak_terminal_reader_write' permission would allow this request to continue.",
            )
        self._check_rate()
        if route is None:
            raise StripeError(
                404,
                f"Unrecognized request URL ({method}: {path}). Please see "
                "https://stripe.com/docs or we can help at https://support.stripe.com/.",
            )
        replay: _IdempotentResult | None = None
        if method == "POST" and idem_key:
            fingerprint = json.dumps([method, path, params], sort_keys=True)
            replay = self._idempotency_begin(key, idem_key, fingerprint)
            if replay is not None:
                assert replay.body is not None
                return replay.status, replay.body, {"Idempotent-Replayed": "true"}
        try:
            status, body, save = 200, route(self.state, reader_or_id, params, api_version), True
        except StripeError as error:
            status, body, save = error.status, error.body(), error.save_idempotent
        except Exception:
            if method == "POST" and idem_key:
                self._idempotency_end(key, idem_key, 0, {}, save=False)
            raise
        if method == "POST" and idem_key:
            self._idempotency_end(key, idem_key, status, body, save)
        return status, body, {}

    def endpoint_name(self, method: str, path: str) -> str:
        for route_method, pattern, name, _handler in _ROUTES:
            if route_method == method and pattern.match(path):
                return name
        return f"{method} {path}"

    # ------------------------------------------------------------------ control endpoints

    def dispatch_control(self, method: str, path: str, body: JSON) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p][1:]  # drop "_sim"
        state = self.state
        try:
            if parts == ["devices"] and method == "GET":
                return 200, {"data": state.list_devices()}
            if parts == ["devices"] and method == "POST":
                return 200, state.add_device(str(body.get("device_type", "")))
            if len(parts) == 2 and parts[0] == "readers" and method == "GET":
                return 200, state.sim_reader(parts[1])
            if len(parts) == 3 and parts[0] == "readers" and method == "POST":
                reader_id, verb = parts[1], parts[2]
                if verb == "power":
                    return 200, state.power(reader_id, bool(_required(body, "on")))
                if verb == "network":
                    return 200, state.network(reader_id, bool(_required(body, "connected")))
                if verb == "next_card":
                    number = body.get("number")
                    return 200, state.set_next_card(
                        reader_id,
                        None if number is None else str(number),
                        float(body.get("delay_ms") or 0),
                    )
                if verb == "other_counter":
                    amount = body.get("amount")
                    return 200, state.other_counter(
                        reader_id,
                        counter_id=str(_required(body, "counter_id")),
                        counter_name=str(_required(body, "counter_name")),
                        action=str(body.get("action") or "payment"),
                        amount=None if amount is None else int(amount),
                        currency=str(body.get("currency") or "eur"),
                    )
            if parts == ["faults"] and method == "POST":
                return 200, {"id": self.add_fault(body)}
            if parts == ["faults"] and method == "DELETE":
                self.clear_faults()
                return 200, {"cleared": True}
            if parts == ["faults"] and method == "GET":
                with self._lock:
                    return 200, {"data": [fault.describe() for fault in self.faults]}
            if parts == ["config"] and method == "POST":
                return 200, self.configure(body)
            if parts == ["stats"] and method == "GET":
                return 200, self.stats()
            if parts == ["stats", "reset"] and method == "POST":
                self.reset_stats()
                return 200, self.stats()
            if parts == ["keys"] and method == "POST":
                return 200, self.register_key(
                    str(_required(body, "key")), str(body.get("permissions") or "all")
                )
            if parts == ["reset"] and method == "POST":
                self.reset()
                return 200, {"reset": True}
        except StripeError as error:
            return error.status, error.body()
        except _ControlError as error:
            return error.status, {"error": {"message": error.message}}
        except (TypeError, ValueError) as error:
            return 400, {"error": {"message": str(error)}}
        return 404, {"error": {"message": f"Unknown control endpoint {method} {path}"}}


def _required(body: JSON, key: str) -> Any:
    if key not in body:
        raise _ControlError(400, f"missing field: {key}")
    return body[key]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ComptoirStripeSimulator/1.0"
    timeout = 300
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):  # headers and body go out as separate writes
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sim = self.server.sim
        with sim._lock:
            sim._connections.add(self.connection)

    def finish(self) -> None:
        sim = self.server.sim
        with sim._lock:
            sim._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # ------------------------------------------------------------------ plumbing

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _api_key(self) -> str | None:
        header = self.headers.get("Authorization")
        if not header:
            return None
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() == "bearer":
            return value.strip()
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return ""
            return decoded.partition(":")[0]
        return ""

    def _reset_connection(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _hang(self) -> None:
        """Answer nothing until the client gives up or the server stops."""
        sim = self.server.sim
        self.close_connection = True
        while not sim._stopping.is_set():
            try:
                readable, _, _ = select.select([self.connection], [], [], 0.05)
                if readable and not self.connection.recv(1, socket.MSG_PEEK):
                    return
            except (OSError, ValueError):
                return
            if readable:
                time.sleep(0.05)

    def _handle(self, method: str) -> None:
        sim = self.server.sim
        split = urlsplit(self.path)
        path = split.path
        raw_body = self._read_body()
        if path.startswith("/_sim/") or path == "/_sim":
            self._handle_control(method, path, raw_body)
            return
        request_id = new_id("req_", 14)
        headers = {
            "Request-Id": request_id,
            "Stripe-Version": self.headers.get("Stripe-Version") or API_VERSION,
        }
        sim._count(sim.endpoint_name(method, path))
        fault = sim._match_fault(method, path)
        fake_timeout = False
        if fault is not None:
            if fault.kind == "latency":
                if sim._stopping.wait(fault.latency_ms / 1000.0):
                    self._reset_connection()
                    return
            elif fault.kind == "error":
                body = {
                    "error": {
                        "type": "api_error",
                        "message": "An unknown error occurred",
                    }
                }
                self._send_json(fault.status, body, headers)
                return
            elif fault.kind == "rate_limit":
                with sim._lock:
                    sim._rate_limited += 1
                self._send_json(429, rate_limited().body(), headers)
                return
            elif fault.kind == "reset":
                self._reset_connection()
                return
            elif fault.kind == "hang":
                self._hang()
                return
            elif fault.kind == "reader_timeout":
                fake_timeout = True
        params = decode_form(split.query)
        if method == "POST":
            params.update(decode_form(raw_body.decode("utf-8", errors="replace")))
        key = self._api_key()
        if key:
            sim._count_key(key)
        try:
            status, body, extra = sim.dispatch_stripe(
                method,
                path,
                params,
                key,
                self.headers.get("Idempotency-Key"),
                self.headers.get("Stripe-Version"),
            )
        except StripeError as error:
            status, body, extra = error.status, error.body(), {}
        except Exception as error:  # a simulator bug: answer like Stripe's 500
            status = 500
            body = {"error": {"type": "api_error", "message": f"Simulator error: {error!r}"}}
            extra = {}
        if fake_timeout and 200 <= status < 300:
            status, body = 400, reader_timeout().body()
        headers.update(extra)
        if idem := self.headers.get("Idempotency-Key"):
            headers["Idempotency-Key"] = idem
        self._send_json(status, body, headers)

    def _handle_control(self, method: str, path: str, raw_body: bytes) -> None:
        try:
            body = json.loads(raw_body.decode("utf-8")) if raw_body.strip() else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self._send_json(400, {"error": {"message": f"invalid JSON body: {error}"}})
            return
        if not isinstance(body, dict):
            self._send_json(400, {"error": {"message": "the JSON body must be an object"}})
            return
        status, result = self.server.sim.dispatch_control(method, path, body)
        self._send_json(status, result)
