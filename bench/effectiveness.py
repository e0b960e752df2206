"""Replay the labelled corpora against a node and print detection and false-positive rates.

    .venv/bin/python bench/effectiveness.py --paranoia 1            # starts its own node
    .venv/bin/python bench/effectiveness.py --target 127.0.0.1:8080 # an already running node
    options: --files gotestwaf crs blazehttp  --limit N  --concurrency 16  --profile balanced

Each request is sent over a raw socket exactly as the record says (several are deliberately
malformed). Blocked = HTTP 403, or the connection reset/closed without an answer. Figures are
reported per file and separately for attacks and benign traffic, never as one accuracy.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CORPUS = Path(os.environ.get("CLOUDWAF_CORPUS", "/work/shared/corpus"))
HOST = "bench.example"


def load(name: str, limit: int | None) -> list[dict]:
    records = []
    with open(CORPUS / f"{name}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("crs_response_rule"):
                continue  # needs an albedo-style reflecting backend
            records.append(record)
    if limit and len(records) > limit:
        step = len(records) / limit  # deterministic spread over the file
        records = [records[int(i * step)] for i in range(limit)]
    return records


def raw_request(record: dict, host: str) -> bytes:
    if record.get("raw_request_b64"):
        return base64.b64decode(record["raw_request_b64"])
    body = record.get("body") or ""
    body_bytes = base64.b64decode(body) if record.get("body_encoding") == "base64" else body.encode()
    lines = [f"{record['method']} {record['path']} {record.get('http_version') or 'HTTP/1.1'}"]
    names = set()
    for name, value in (record.get("headers") or {}).items():
        names.add(name.lower())
        for each in value if isinstance(value, list) else [value]:
            if name.lower() == "host":
                each = host  # route to the bench domain, as the tools replace Host too
            lines.append(f"{name}: {each}")
    needs_length = body_bytes or record["method"] in ("POST", "PUT", "PATCH")  # as go-ftw and browsers do
    if needs_length and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body_bytes)}")
    if "connection" not in names:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body_bytes


def send(address: tuple[str, int], payload: bytes, timeout: float = 10) -> int:
    """HTTP status, or 0 when the connection was reset/closed without a status line."""
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.sendall(payload)
            data = b""
            while b"\r\n" not in data and len(data) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return 0
    match = re.match(rb"HTTP/\d(?:\.\d)? (\d{3})", data)
    return int(match.group(1)) if match else 0


def is_blocked(status: int) -> bool:
    return status in (0, 403)


def rules_behind(audit_path: Path, start: int) -> dict[str, list[str]]:
    """unique id -> CRS rule ids that matched (from the audit log written since `start`)."""
    found: dict[str, list[str]] = {}
    with open(audit_path, "rb") as handle:
        handle.seek(start)
        for line in handle:
            try:
                tx = json.loads(line)["transaction"]
            except (ValueError, KeyError):
                continue
            uri = tx.get("request", {}).get("uri", "")
            found[uri] = [m["details"]["ruleId"] for m in tx.get("messages", []) if m["details"]["ruleId"] < "949"]
    return found


def run_file(name: str, records: list[dict], address: tuple[str, int], concurrency: int,
             audit: Path | None) -> None:  # fmt: skip
    audit_start = audit.stat().st_size if audit and audit.exists() else 0
    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(lambda r: send(address, raw_request(r, HOST)), records))
    elapsed = time.monotonic() - started
    attack = [(r, s) for r, s in zip(records, statuses, strict=True) if r["label"] == "attack"]
    benign = [(r, s) for r, s in zip(records, statuses, strict=True) if r["label"] == "benign"]
    detection = sum(is_blocked(s) for _, s in attack) / len(attack) if attack else float("nan")
    false_pos = sum(is_blocked(s) for _, s in benign) / len(benign) if benign else float("nan")
    print(f"\n== {name}: {len(records)} requests in {elapsed:.1f} s ({len(records) / elapsed:.0f} req/s)")
    print(f"   attacks   {len(attack):6d}  detected       {detection:6.1%}")
    print(f"   benign    {len(benign):6d}  false positive {false_pos:6.1%}")
    if attack and benign:
        print(f"   balanced accuracy {(detection + (1 - false_pos)) / 2:6.1%}  (detection and FP above are the figures to use)")
    per_category: dict[str, list[bool]] = defaultdict(list)
    for record, status in attack:
        per_category[record["category"]].append(is_blocked(status))
    print("   per category: " + ", ".join(
        f"{cat} {sum(v) / len(v):.0%} ({len(v)})" for cat, v in sorted(per_category.items(), key=lambda kv: -len(kv[1]))
    ))  # fmt: skip
    if audit and benign:
        matched = rules_behind(audit, audit_start)
        culprits = Counter(
            rule for record, status in benign if is_blocked(status) for rule in set(matched.get(record["path"], []))
        )
        print("   top rules behind false positives: " + (", ".join(f"{r} x{n}" for r, n in culprits.most_common(10)) or "-"))
    statuses_seen = Counter(statuses)
    print(f"   statuses: {dict(statuses_seen.most_common(8))}")


def start_node(paranoia: int, profile: str):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cloudwaf.agent.apply import ConfigApplier
    from cloudwaf.agent.nginx import NginxProcess, default_worker_user
    from cloudwaf.dataplane.compiler import compile_snapshot
    from cloudwaf.dataplane.layout import Layout
    from cloudwaf.dataplane.snapshot import (
        DomainSnapshot,
        Forward,
        NodeSnapshot,
        PolicySnapshot,
        UpstreamServer,
    )

    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    prefix = Path(tempfile.mkdtemp(prefix="cloudwaf-bench-"))
    os.chmod(prefix, 0o755)
    layout = Layout(prefix=prefix, control_port=free_port(), listen_address="127.0.0.1",
                    worker_user=default_worker_user(), worker_processes="auto")  # fmt: skip
    port, origin_port = free_port(), free_port()
    origin = _start_origin(origin_port)
    snap = NodeSnapshot(version=1, domains=[DomainSnapshot(
        id=1, oem_id=1, name=HOST, http_ports=[port],
        policy=PolicySnapshot(id=1, paranoia_level=paranoia, profile=profile),
        forwards=[Forward(servers=[UpstreamServer(host="127.0.0.1", port=origin_port)])],
    )])  # fmt: skip
    nginx = NginxProcess(layout)
    result = ConfigApplier(nginx).apply(compile_snapshot(snap, layout))
    if not result.ok:
        raise SystemExit(result.error)

    def stop() -> None:
        nginx.stop()
        origin.shutdown()
        shutil.rmtree(prefix, ignore_errors=True)

    return ("127.0.0.1", port), layout.audit_log, stop


def _start_origin(port: int):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Ok(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _ok(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def __getattr__(self, name: str):
            if name.startswith("do_"):
                return self._ok
            raise AttributeError(name)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Ok)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", help="host:port of a running node (Host is set to bench.example)")
    parser.add_argument("--audit-log", type=Path, help="audit log of --target, for the false-positive rules")
    parser.add_argument("--paranoia", type=int, default=1)
    parser.add_argument("--profile", default="balanced")
    parser.add_argument("--files", nargs="+", default=["gotestwaf", "crs", "blazehttp"])
    parser.add_argument("--limit", type=int, default=None, help="at most N records per file (spread evenly)")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    stop = None
    if args.target:
        host, port = args.target.rsplit(":", 1)
        address, audit = (host, int(port)), args.audit_log
    else:
        address, audit, stop = start_node(args.paranoia, args.profile)
        print(f"node: paranoia {args.paranoia}, profile {args.profile}, listening on {address[0]}:{address[1]}")
    try:
        for name in args.files:
            run_file(name, load(name, args.limit), address, args.concurrency, audit)
    finally:
        if stop:
            stop()


if __name__ == "__main__":
    main()
