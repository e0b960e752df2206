"""`cloudwaf serve` as a user runs it: a real process, migrations on start, the first admin."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent / "cloudwaf"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_serve_migrates_bootstraps_and_answers(tmp_path: Path) -> None:
    # Two worker processes (all other tests run one): the way production runs.
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDWAF_")}
    env.update(CLOUDWAF_DATA_DIR=str(tmp_path), CLOUDWAF_LOG_LEVEL="info", CLOUDWAF_WORKERS="2")
    proc = subprocess.Popen([str(BIN), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # imports + migrations; slow on a loaded 2-core machine
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        codes = httpx.get(f"{base}/api/v1/error-codes").json()["data"]
        assert len(codes) == 112
        bad = httpx.post(f"{base}/api/v1/sys/login", content=b"{bad",
                         headers={"content-type": "application/json"})
        assert (bad.status_code, bad.json()["code"]) == (400, 400)
        missing = httpx.get(f"{base}/nope/at/all")
        assert (missing.status_code, missing.json()["code"]) == (404, 404)
        workers = [c for c in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(workers) == 2
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    # Graceful: uvicorn drains, runs the shutdown, then re-raises the signal it caught.
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Application shutdown complete." in err
    assert (tmp_path / "cloudwaf.db").exists()
    assert "First super-admin created: username 'admin', password '" in err
    access = [json.loads(line) for line in err.splitlines() if line.startswith("{") and '"route"' in line]
    assert any(entry["path"] == "/api/v1/error-codes" and entry["status"] == 200 for entry in access)
