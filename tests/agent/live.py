"""A real control plane for agent and end-to-end tests: `cloudwaf serve` as a subprocess on a free
loopback port, SQLite in a temporary folder. It can be stopped and started again on the same
port and database, to play a control-plane outage."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

ADMIN_PASSWORD = "Admin-Passw0rd!e2e"
CLOUDWAF = Path(sys.executable).parent / "cloudwaf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ControlPlane:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "control-plane.log"
        self._token: str | None = None
        self.database_url = f"sqlite:///{data_dir / 'cloudwaf.db'}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "CLOUDWAF_ENV": "test",
            "CLOUDWAF_DATA_DIR": str(self.data_dir),
            "CLOUDWAF_DATABASE_URL": self.database_url,
            "CLOUDWAF_SECRET_KEY": "e2e-secret-" + "k" * 40,
            "CLOUDWAF_ADMIN_USERNAME": "admin",
            "CLOUDWAF_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "CLOUDWAF_CAPTCHA_ENABLED": "false",
            "CLOUDWAF_LOG_LEVEL": "warning",
        }

    def start(self, timeout: float = 60) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self.process = subprocess.Popen(
            [str(CLOUDWAF), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"control plane exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"control plane did not come up: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    # ---- the API, as an operator uses it -----------------------------------------------------
    def headers(self) -> dict[str, str]:
        if self._token is None:
            response = httpx.post(
                f"{self.url}/api/v1/sys/login",
                json={"username": "admin", "password": ADMIN_PASSWORD},
                timeout=10,
            )
            assert response.status_code == 200, response.text
            self._token = response.json()["data"]["token"]
        return {"Authorization": f"Bearer {self._token}"}

    def api(
        self, method: str, path: str, *, expect: int | tuple[int, ...] = (200, 201), **kwargs: Any
    ) -> Any:
        response = httpx.request(
            method, f"{self.url}/api/v1/{path}", headers=self.headers(), timeout=30, **kwargs
        )
        expected = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in expected, f"{method} {path}: {response.status_code} {response.text}"
        return response.json().get("data")

    def enrollment_token(self, **body: Any) -> str:
        return self.api("POST", "node/tokens", json=body)["token"]


class _OriginHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        payload = b"origin-ok"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Origin:
    port: int
    server: ThreadingHTTPServer

    def stop(self) -> None:
        self.server.shutdown()


def start_origin() -> Origin:
    """A real loopback origin that answers every GET with 200 `origin-ok`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OriginHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Origin(server.server_address[1], server)
