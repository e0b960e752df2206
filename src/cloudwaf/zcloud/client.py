"""The HTTP client: API-key auth, the envelope, and the retry rules of the error-code reference.

- 4005 / 5008 / 5009 (HTTP 429): wait Retry-After, then retry (bounded). A 429 was refused before
  any work was done, so even a POST may be sent again.
- 5xx with a business code >= 5000: exponential back-off (bounded), for idempotent methods only;
  a POST is retried only when it carries an Idempotency-Key the server can recognise.
- network errors: back-off for idempotent methods.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from cloudwaf import __version__

RATE_LIMIT_CODES = frozenset({4005, 5008, 5009})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class ApiError(Exception):
    def __init__(self, code: int, message: str, http_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


class NetworkError(Exception):
    pass


@dataclass
class RetryPolicy:
    max_rate_limit_retries: int = 3
    max_server_retries: int = 3
    max_wait_seconds: float = 60
    base_backoff: float = 0.5


class Client:
    def __init__(
        self,
        api_url: str,
        api_key: str,
        *,
        timeout: float = 30,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.http = httpx.Client(base_url=api_url.rstrip("/") + "/api/v1", timeout=timeout, headers={
            "Authorization": f"ApiKey {api_key}", "User-Agent": f"zcloud/{__version__}",
            "Accept": "application/json",
        })
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.on_wait = on_wait or (lambda _msg: None)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, *, idempotency_key: str | None = None,
                raw: bool = False, **kwargs: Any) -> Any:
        method = method.upper()
        headers = dict(kwargs.pop("headers", None) or {})
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        retryable = method in IDEMPOTENT_METHODS or idempotency_key is not None
        rate_limited = server_failures = 0
        while True:
            try:
                response = self.http.request(method, path.lstrip("/"), headers=headers, **kwargs)
            except httpx.TransportError as exc:
                if retryable and server_failures < self.retry.max_server_retries:
                    server_failures += 1
                    self._backoff(server_failures, f"network error ({exc.__class__.__name__})")
                    continue
                raise NetworkError(f"cannot reach {self.http.base_url}: {exc}") from exc
            if response.is_success:
                if raw:
                    return response
                return _unwrap(response)
            code, message = _error_of(response)
            if code in RATE_LIMIT_CODES and rate_limited < self.retry.max_rate_limit_retries:
                rate_limited += 1
                wait = min(_retry_after(response), self.retry.max_wait_seconds)
                self.on_wait(f"rate limited (code {code}); retrying in {wait:.0f}s")
                self.sleep(wait)
                continue
            if (response.status_code >= 500 and code >= 5000 and retryable
                    and server_failures < self.retry.max_server_retries):
                server_failures += 1
                self._backoff(server_failures, f"server error {code}")
                continue
            raise ApiError(code, message, response.status_code)

    def _backoff(self, attempt: int, reason: str) -> None:
        wait = min(self.retry.base_backoff * 2 ** (attempt - 1), self.retry.max_wait_seconds)
        self.on_wait(f"{reason}; retrying in {wait:.1f}s")
        self.sleep(wait)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)

    def paginate(self, path: str, params: dict[str, Any] | None = None, page_size: int = 200) -> list[Any]:
        items: list[Any] = []
        page = 1
        while True:
            data = self.get(path, params={**(params or {}), "page": page, "page_size": page_size})
            items.extend(data["items"])
            if len(items) >= data["total"] or not data["items"]:
                return items
            page += 1


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def _unwrap(response: httpx.Response) -> Any:
    if not response.content:
        return None
    if "application/json" not in response.headers.get("content-type", ""):
        return response.text
    body = response.json()
    return body.get("data") if isinstance(body, dict) and "code" in body else body


def _error_of(response: httpx.Response) -> tuple[int, str]:
    try:
        body = response.json()
        return int(body["code"]), str(body.get("message", ""))
    except (ValueError, KeyError, TypeError):
        return response.status_code, response.reason_phrase or "unexpected response"


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("retry-after", "60")))
    except ValueError:
        return 60.0
