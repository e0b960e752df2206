"""The agent's side of the node API (`/api/v1/node/agent/*`)."""

from __future__ import annotations

from typing import Any

import httpx

API = "/api/v1/node/agent"


class ControlPlaneError(Exception):
    pass


class Unreachable(ControlPlaneError):
    """Network failure, timeout or a 5xx: try again later; the node keeps what it has."""


class Rejected(ControlPlaneError):
    """The control plane refused the request (4xx): retrying the same thing will not help."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


class ControlPlaneClient:
    def __init__(self, server: str, credential: str | None = None, *, timeout: float = 10.0) -> None:
        self.server = server.rstrip("/")
        self.credential = credential
        self.timeout = timeout
        # One connection pool per client; the runner gives each thread its own client.
        self._http = httpx.Client(base_url=self.server, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, *, timeout: float | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Node {self.credential}"} if self.credential else {}
        try:
            response = self._http.request(
                method, API + path, headers=headers, timeout=timeout or self.timeout, **kwargs
            )
        except httpx.HTTPError as exc:
            raise Unreachable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500:
            raise Unreachable(f"{method} {path}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise Unreachable(f"{method} {path}: not a JSON answer (HTTP {response.status_code})") from exc
        if response.status_code >= 400 or body.get("code", 0) != 0:
            raise Rejected(
                response.status_code,
                int(body.get("code", response.status_code)),
                str(body.get("message", "")),
            )
        return body.get("data")

    def register(
        self, token: str, *, name: str | None, hostname: str, agent_version: str, nginx_version: str
    ) -> dict[str, Any]:
        body = {
            "token": token,
            "hostname": hostname,
            "agent_version": agent_version,
            "nginx_version": nginx_version,
        }
        if name:
            body["name"] = name
        return self._call("POST", "/register", json=body)

    def config(self, version: int, wait: float = 25.0) -> dict[str, Any]:
        """Long-poll: returns at once when the control plane has another version, else after `wait`."""
        return self._call("GET", "/config", params={"version": version, "wait": wait}, timeout=wait + 15)

    def heartbeat(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/heartbeat", json=payload)

    def ship(self, batch: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/logs", json=batch, timeout=60)
