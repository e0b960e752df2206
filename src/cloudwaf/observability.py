"""Request ids, JSON access logs and Prometheus metrics, as one pure ASGI middleware (no
BaseHTTPMiddleware: it costs a task per request and breaks streaming)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

access_log = logging.getLogger("cloudwaf.access")
error_log = logging.getLogger("cloudwaf.errors")

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "cloudwaf_http_requests_total", "HTTP requests handled", ["method", "route", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "cloudwaf_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30),
    registry=REGISTRY,
)


def current_request_id() -> str | None:
    return _request_id.get()


def new_request_id() -> str:
    return secrets.token_hex(12)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path_format", None)
    if not template:
        # Unmatched paths share one label so that scanners cannot blow up metric cardinality.
        return "<unmatched>"
    # Routes of included routers know only their own part of the path: put the prefix back,
    # found by matching the concrete suffix against the request path.
    try:
        suffix = template.format(**scope.get("path_params", {}))
    except (KeyError, IndexError, ValueError):
        return template
    path = scope.get("path", "")
    return path[: -len(suffix)] + template if suffix and path.endswith(suffix) else template


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, trusted_proxies: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        offered = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = offered if _SANE_REQUEST_ID.match(offered) else new_request_id()
        token = _request_id.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder: dict[str, Any] = {"status": 500, "bytes": 0, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body":
                status_holder["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error", extra={"request_id": request_id})
            if status_holder["started"]:
                raise
            await self._send_generic_500(scope, send_with_id, headers.get(b"accept-language"))
        finally:
            elapsed = time.perf_counter() - started
            method = scope["method"]
            route = _route_template(scope)
            REQUESTS.labels(method, route, str(status_holder["status"])).inc()
            LATENCY.labels(method, route).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(json.dumps({
                    "ts": time.time(), "request_id": request_id, "method": method,
                    "path": scope["path"], "route": route, "status": status_holder["status"],
                    "bytes": status_holder["bytes"], "duration_ms": round(elapsed * 1000, 2),
                    "client": (scope.get("client") or ("", 0))[0],
                }, separators=(",", ":")))
            _request_id.reset(token)

    @staticmethod
    async def _send_generic_500(scope: Scope, send: Send, accept_language: bytes | None) -> None:
        from cloudwaf.errors.codes import REGISTRY as CODES
        from cloudwaf.errors.i18n import language_of

        lang = language_of(accept_language.decode("latin-1") if accept_language else None)
        body = json.dumps({
            "code": 500, "message": CODES[500].message(lang), "request_id": current_request_id(),
        }).encode()
        await send({
            "type": "http.response.start", "status": 500,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        })
        await send({"type": "http.response.body", "body": body})


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if record.name == "cloudwaf.access":
            return record.getMessage()
        entry = {
            "ts": round(record.created, 3), "level": record.levelname.lower(), "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the node agent's long polls, one line each
