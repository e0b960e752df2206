"""A real control plane in a subprocess on 127.0.0.1, for tests that drive it from outside
(zcloud, the node agent, the browser)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN_DIR = Path(sys.executable).parent
ADMIN_PASSWORD = "Live-Admin-Passw0rd!"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    process: subprocess.Popen

    def login(self, username: str = "admin", password: str = ADMIN_PASSWORD) -> dict[str, str]:
        response = httpx.post(
            f"{self.url}/api/v1/sys/login", json={"username": username, "password": password}
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['data']['token']}"}

    def api_key(self, scopes: list[str], name: str = "tests") -> str:
        headers = self.login()
        response = httpx.post(f"{self.url}/api/v1/sys/api-keys", headers=headers,
                              json={"name": name, "scopes": scopes, "expires_in_days": 30})
        response.raise_for_status()
        return response.json()["data"]["key"]


@contextmanager
def live_server(data_dir: Path, **env_overrides: str) -> Iterator[LiveServer]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDWAF_")}
    env.update(CLOUDWAF_DATA_DIR=str(data_dir), CLOUDWAF_ADMIN_PASSWORD=ADMIN_PASSWORD,
               CLOUDWAF_CAPTCHA_ENABLED="false", CLOUDWAF_LOG_LEVEL="warning", **env_overrides)
    log = (data_dir / "server.log").open("wb") if data_dir.exists() else subprocess.DEVNULL
    proc = subprocess.Popen([str(BIN_DIR / "cloudwaf"), "serve", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"control plane exited with {proc.returncode}; see {data_dir / 'server.log'}"
                )
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("control plane did not come up within 90 s")
            time.sleep(0.2)
        yield LiveServer(url, data_dir, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
