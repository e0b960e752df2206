"""Config propagation: API write -> enforced on the node. The real control plane (`cloudwaf serve`,
SQLite or PostgreSQL), a loopback origin and the real agent (`cloudwaf node run`) driving nginx +
ModSecurity + CRS; then N policy switches (block <-> detect) through the API, each timed from the
moment the write is sent until an SQL-injection probe through nginx answers the new way.

    .venv/bin/python bench/propagation.py [--changes 50] [--pg]

`--pg` runs the control plane on a scratch database of the suite's PostgreSQL.

Target (issue #5): p99 <= 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _loadgen import pg_url  # noqa: E402
from api_latency import scratch_pg_database  # noqa: E402
from tests.agent.live import CLOUDWAF, ControlPlane, free_port, start_origin  # noqa: E402

ATTACK = "/?id=1%27%20OR%201=1--"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _agent_side(log_path: Path, sent_at: list[float]) -> tuple[list[float], list[float]]:
    """From the agent's JSON log: when each new snapshot arrived and how long applying it took."""
    received, applies = [], []
    for line in log_path.read_text().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        message = record.get("message", "")
        if "/api/v1/node/agent/config?version=" in message and '"HTTP/1.1 200' in message:
            received.append(record["ts"])
        elif match := re.match(r"applied config version \d+ \(compile (\d+) ms, apply (\d+) ms\)", message):
            applies.append((record["ts"], (int(match.group(1)) + int(match.group(2))) / 1000))
    delivered, applied = [], []
    for sent in sent_at:
        arrival = next((ts for ts in received if ts >= sent), None)
        done = next((took for ts, took in applies if ts >= sent), None)
        if arrival is not None and done is not None:
            delivered.append(arrival - sent)
            applied.append(done)
    return delivered, applied


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    if not args.pg:
        run(args.changes, "")
        return
    base_url = pg_url()
    if base_url is None:
        raise SystemExit("PostgreSQL unavailable")
    with scratch_pg_database(base_url) as url:
        run(args.changes, url)


def run(changes: int, database_url: str) -> None:

    base = Path(tempfile.mkdtemp(prefix="cloudwaf-propagation-"))
    os.chmod(base, 0o755)  # nginx workers traverse the node prefix
    plane = ControlPlane(base / "control-plane")
    if database_url:
        plane.database_url = database_url
    plane.start()
    origin = start_origin()
    prefix = base / "node"
    agent_log = open(base / "agent.log", "ab")  # noqa: SIM115 - handed to the child process
    agent = subprocess.Popen(
        [
            str(CLOUDWAF),
            "node",
            "run",
            "--server",
            plane.url,
            "--token",
            plane.enrollment_token(name="bench"),
            "--prefix",
            str(prefix),
            "--listen",
            "127.0.0.1",
        ],
        stdout=agent_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    port = free_port()
    probe = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Host": "shop.example"}, timeout=2)

    def attack_status() -> int:
        try:
            return probe.get(ATTACK).status_code
        except httpx.HTTPError:
            return 0

    try:
        domain = plane.api(
            "POST",
            "guard/domains",
            json={"name": "shop.example", "http_ports": [port], "origins": [f"127.0.0.1:{origin.port}"]},
        )
        deadline = time.monotonic() + 30
        while attack_status() != 403:
            if time.monotonic() > deadline:
                raise SystemExit("the node never enforced the first domain")
            time.sleep(0.05)
        policy = f"guard/policies/{domain['policy_id']}"
        timings, writes, sent_at = [], [], []
        mode = "block"
        for _ in range(changes):
            mode = "detect" if mode == "block" else "block"
            expected = 200 if mode == "detect" else 403
            started = time.perf_counter()
            sent_at.append(time.time())
            plane.api("PUT", policy, json={"mode": mode})
            writes.append(time.perf_counter() - started)
            while attack_status() != expected:
                if time.perf_counter() - started > 30:
                    raise SystemExit(f"change to {mode} not enforced within 30 s")
                time.sleep(0.005)
            timings.append(time.perf_counter() - started)
            time.sleep(0.1)
        backend = "postgresql" if database_url else "sqlite"
        print(f"propagation over {len(timings)} policy switches ({backend}, 1 node, 1 domain):")
        print(
            f"  API write -> enforced on the node: p50 {percentile(timings, 50) * 1000:.0f} ms, "
            f"p99 {percentile(timings, 99) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
            f"mean {statistics.mean(timings) * 1000:.0f} ms"
        )
        print(
            f"  of which the API write itself: p50 {percentile(writes, 50) * 1000:.0f} ms, "
            f"p99 {percentile(writes, 99) * 1000:.0f} ms"
        )
        delivered, applied = _agent_side(base / "agent.log", sent_at)
        if delivered:
            print(
                "  write sent -> snapshot received by the agent:",
                f"p50 {percentile(delivered, 50) * 1000:.0f} ms,",
                f"p99 {percentile(delivered, 99) * 1000:.0f} ms",
            )
            print(
                "  agent apply (compile, nginx -t, swap, reload, verify):",
                f"p50 {percentile(applied, 50) * 1000:.0f} ms,",
                f"p99 {percentile(applied, 99) * 1000:.0f} ms",
            )
        print(f"  machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        verdict = "met" if percentile(timings, 99) <= 1.0 else "MISSED"
        print(f"  target p99 <= 1000 ms: {verdict}")
    finally:
        probe.close()
        agent.send_signal(signal.SIGTERM)
        try:
            agent.wait(timeout=15)
        except subprocess.TimeoutExpired:
            agent.kill()
        pid_file = prefix / "logs" / "nginx.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGQUIT)
        plane.stop()
        origin.stop()
        if not os.environ.get("CLOUDWAF_KEEP_BENCH"):
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
