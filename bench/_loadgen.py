"""Shared bench helpers: a control plane in a subprocess, and two load generators (wrk for
saturation, an asyncio keep-alive client for latency at a fixed request rate)."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "Bench-Admin-Passw0rd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    data_dir: Path
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and every process under it (uvicorn's workers): the
        cost of the requests in between, whatever the load generator shares the cores with."""
        parents: dict[int, int] = {}
        times: dict[int, float] = {}
        ticks = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                # The command name may hold spaces: the fields start after its closing parenthesis.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
            tree.update(children)
            frontier.extend(children)
        return sum(times.get(pid, 0.0) for pid in tree)

    def login(self) -> str:
        response = httpx.post(f"{self.url}/api/v1/sys/login",
                              json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
        response.raise_for_status()
        return response.json()["data"]["token"]


@contextmanager
def control_plane(database_url: str | None = None, workers: int = 1) -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="cloudwaf-bench-"))
    port = free_port()
    env = dict(os.environ, CLOUDWAF_DATA_DIR=str(data_dir), CLOUDWAF_ADMIN_PASSWORD=ADMIN_PASSWORD,
               CLOUDWAF_CAPTCHA_ENABLED="false", CLOUDWAF_LOG_LEVEL="warning")
    if database_url:
        env["CLOUDWAF_DATABASE_URL"] = database_url
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/cloudwaf"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("control plane did not come up")
        yield Server(url, data_dir, proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def wrk(url: str, *, connections: int = 50, seconds: int = 10, headers: dict[str, str] | None = None) -> dict:
    """Saturation run; wrk reports its latency percentiles."""
    if not shutil.which("wrk"):
        return {"error": "wrk not installed (apt-get install wrk)"}
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        figures[f"p{pct}_ms"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    _drain(url)
    return figures


def _drain(url: str) -> None:
    """Waits until the server has worked off the requests wrk left queued (50 connections of a
    saturated server: up to ~0.2 s of work), so that the next measurement starts on an idle server."""
    parsed = httpx.URL(url)
    health = f"{parsed.scheme}://{parsed.host}:{parsed.port}/api/v1/health"
    deadline = time.monotonic() + 10
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            client.get(health)
            if time.perf_counter() - started < 0.005:
                return
            time.sleep(0.1)


async def _fixed_rate(host: str, port: int, path: str, headers: dict[str, str], rate: float,
                      seconds: float, connections: int) -> tuple[list[float], int]:
    head = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (head + "\r\n").encode()
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[float] = asyncio.Queue()

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while True:
            scheduled = await queue.get()
            if scheduled < 0:
                break
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            # Latency from the scheduled send time: queueing behind a slow server counts.
            latencies.append(time.perf_counter() - scheduled)
            if not status_line.startswith(b"HTTP/1.1 2"):
                errors += 1
        writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    start = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        target = start + i / rate
        delay = target - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(target)
    for _ in workers:
        queue.put_nowait(-1)
    await asyncio.gather(*workers)
    return latencies, errors


def fixed_rate(url: str, *, rate: float = 200, seconds: float = 10, connections: int = 20,
               headers: dict[str, str] | None = None, server: Server | None = None) -> dict:
    """Latency measured from each request's scheduled send time; with `server`, also the server's
    CPU per request (less noisy than latency for comparing two versions of the code)."""
    parsed = httpx.URL(url)
    path = parsed.raw_path.decode()
    # The client's own garbage collections (full ones took ~30 ms with this process's ~50k
    # objects) would be counted as the server's latency: none run while measuring.
    gc.collect()
    gc.disable()
    cpu_before = server.cpu_seconds() if server else 0.0
    try:
        latencies, errors = asyncio.run(_fixed_rate(parsed.host, parsed.port, path, headers or {}, rate,
                                                    seconds, connections))
    finally:
        gc.enable()
    cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / len(latencies) if server else None
    latencies.sort()
    figures = {
        "rate": rate, "requests": len(latencies), "errors": errors,
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }
    if cpu_ms is not None:
        figures["server_cpu_ms"] = round(cpu_ms, 2)
    return figures


def pg_url() -> str | None:
    """The suite's private PostgreSQL when it runs (scripts/pg-test-server start)."""
    url = os.environ.get("CLOUDWAF_TEST_PG_URL")
    if url:
        return url
    try:
        return subprocess.run([str(ROOT / "scripts/pg-test-server"), "start"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        print("PostgreSQL unavailable; PostgreSQL figures skipped", file=sys.stderr)
        return None
