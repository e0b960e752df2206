"""Real nginx + ModSecurity + CRS on loopback, fed by the real compiler and applier, in front
of a real loopback origin (a threaded http.server that echoes what it received)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cloudwaf.agent.apply import ConfigApplier
from cloudwaf.agent.nginx import NGINX_BINARY, NginxProcess, default_worker_user
from cloudwaf.dataplane.compiler import compile_snapshot
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.snapshot import NodeSnapshot

MODULE = Path("/usr/lib/nginx/modules/ngx_http_modsecurity_module.so")
CRS = Path("/usr/share/modsecurity-crs/rules/REQUEST-901-INITIALIZATION.conf")
GEOIP = Path("/usr/share/GeoIP/GeoIP.dat")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [str(p) for p in (NGINX_BINARY, MODULE, CRS) if not p.exists()]
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason=f"missing {', '.join(missing)}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "origin"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        payload = json.dumps(
            {"origin": self.server.name, "method": self.command, "path": self.path,
             "headers": dict(self.headers), "body_length": len(body)}  # fmt: skip
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _answer

    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@dataclass
class Origin:
    name: str
    port: int
    server: ThreadingHTTPServer


def start_origin(name: str) -> Origin:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    server.name = name  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Origin(name, server.server_address[1], server)


@pytest.fixture(scope="session")
def origins() -> Iterator[dict[str, Origin]]:
    started = {name: start_origin(name) for name in ("main", "api")}
    yield started
    for origin in started.values():
        origin.server.shutdown()


@dataclass
class Node:
    layout: Layout
    nginx: NginxProcess
    applier: ConfigApplier
    http_port: int
    https_port: int

    def apply(self, snapshot: NodeSnapshot):
        return self.applier.apply(compile_snapshot(snapshot, self.layout))

    def audit_entries(self) -> list[dict]:
        try:
            text = self.layout.audit_log.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def access_lines(self) -> list[str]:
        try:
            return self.layout.access_log.read_text().splitlines()
        except FileNotFoundError:
            return []


@pytest.fixture(scope="session")
def node() -> Iterator[Node]:
    # Not pytest's tmp_path: that folder is 0700 and the nobody-owned workers must reach
    # the temp and state folders under the prefix.
    prefix = Path(tempfile.mkdtemp(prefix="cloudwaf-e2e-"))
    os.chmod(prefix, 0o755)
    layout = Layout(
        prefix=prefix, control_port=free_port(), listen_address="127.0.0.1",
        worker_user=default_worker_user(), worker_processes="2",
        geoip_db=GEOIP if GEOIP.exists() else None,
    )  # fmt: skip
    nginx = NginxProcess(layout)
    yield Node(layout, nginx, ConfigApplier(nginx), free_port(), free_port())
    nginx.stop()
    shutil.rmtree(prefix, ignore_errors=True)
