"""A throw-away node for the effectiveness bench: plain nginx (origin + plain proxy) and a Cloud
WAF node with one domain per protection profile, all on free loopback ports under a temp
prefix, and the wrk runs that compare them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cloudwaf.agent.apply import ConfigApplier  # noqa: E402
from cloudwaf.agent.nginx import NGINX_BINARY, NginxProcess, default_worker_user  # noqa: E402
from cloudwaf.dataplane.compiler import compile_snapshot  # noqa: E402
from cloudwaf.dataplane.layout import Layout  # noqa: E402
from cloudwaf.dataplane.snapshot import (  # noqa: E402
    DomainSnapshot,
    Forward,
    NodeSnapshot,
    PolicySnapshot,
    UpstreamServer,
)

# The origin answers every method with 200 and marks its answers, so the bench can tell a
# WAF answer from an origin answer whatever the status. Large header buffers: the origin
# must never be the one refusing a request.
_PLAIN_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    large_client_header_buffers 8 64k;
    client_max_body_size 0;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{origin};
        location / {{ add_header X-Bench-Origin 1 always; return 200 "ok"; }}
    }}
    upstream origin {{ server 127.0.0.1:{origin}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{plain};
        location / {{ proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BenchNode:
    prefix: Path
    plain_port: int
    profile_ports: dict[str, int]
    audit_log: Path
    nginx: NginxProcess

    @classmethod
    def start(
        cls,
        host: str,
        profiles: list[str],
        paranoia: int | None = None,
        patch: Callable[[dict[str, bytes]], None] | None = None,
        **policy: object,
    ) -> BenchNode:
        """`policy` overrides PolicySnapshot fields of every domain; `patch` may edit the
        compiled files before they are applied (tuning tools only)."""
        prefix = Path(tempfile.mkdtemp(prefix="cloudwaf-bench-"))
        os.chmod(prefix, 0o755)
        origin, plain = free_port(), free_port()
        plain_dir = prefix / "plain"
        plain_dir.mkdir()
        conf = _PLAIN_CONF.format(prefix=plain_dir, origin=origin, plain=plain)
        (plain_dir / "nginx.conf").write_text(conf)
        subprocess.run([str(NGINX_BINARY), "-p", f"{plain_dir}/", "-c", str(plain_dir / "nginx.conf")],
                       check=True, capture_output=True)  # fmt: skip

        layout = Layout(prefix=prefix / "node", control_port=free_port(), listen_address="127.0.0.1",
                        worker_user=default_worker_user(), worker_processes="auto")  # fmt: skip
        ports = {name: free_port() for name in profiles}
        if paranoia is not None:
            policy["paranoia_level"] = paranoia
        domains = [
            DomainSnapshot(id=i, oem_id=1, name=host, http_ports=[ports[name]],
                           policy=PolicySnapshot(id=i, profile=name, **policy),
                           forwards=[Forward(servers=[UpstreamServer(host="127.0.0.1", port=origin)])])
            for i, name in enumerate(profiles, start=1)
        ]  # fmt: skip
        files = compile_snapshot(NodeSnapshot(version=1, domains=domains), layout)
        if patch:
            patch(files)
        nginx = NginxProcess(layout)
        node = cls(prefix, plain, ports, layout.audit_log, nginx)
        result = ConfigApplier(nginx).apply(files)
        if not result.ok:
            node.stop()
            raise SystemExit(result.error)
        return node

    def stop(self) -> None:
        self.nginx.stop()
        plain_pid = self.prefix / "plain" / "nginx.pid"
        if plain_pid.exists():
            subprocess.run(["kill", "-QUIT", plain_pid.read_text().strip()], check=False)
        shutil.rmtree(self.prefix, ignore_errors=True)


_POST_JSON = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"user":{"id":1234,"name":"Alice Example","email":"alice@example.com"},' ..
  '"cart":[{"sku":"AB-1","qty":2},{"sku":"CD-22","qty":1}],"note":"leave at the door, thanks"}'
"""
_BROWSER_HEADERS = {
    "Host": None,  # filled in
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.5",
    "Accept-Encoding": "gzip, deflate, br",
    "Referer": "https://bench.example/catalogue?page=1",
    "Cookie": "session=3f9a1c0e8b7d6a5f; theme=dark; consent=1",
}


def _wrk(url: str, headers: dict[str, str], script: Path | None) -> float:
    cmd = ["wrk", "-t2", "-c32", "-d5s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def throughput(host: str, ports: dict[str, int]) -> dict[str, dict[str, float]]:
    """req/s per request shape and per target, measured back to back in one run."""
    if not shutil.which("wrk"):
        return {"wrk missing": {}}
    headers = {k: v or host for k, v in _BROWSER_HEADERS.items()}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_POST_JSON)
    try:
        shapes = {
            "browser GET (7 headers, cookie, 4 args)": ("/item?id=42&colour=blue&size=m&ref=home", None),
            "POST JSON 190 B": ("/api/cart", Path(script.name)),
        }
        return {
            shape: {who: _wrk(f"http://127.0.0.1:{port}{path}", headers, lua) for who, port in ports.items()}
            for shape, (path, lua) in shapes.items()
        }
    finally:
        os.unlink(script.name)
