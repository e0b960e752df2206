"""Data-plane scale and cost, on real nginx + ModSecurity + CRS:

1. compile + `nginx -t` + reload (apply) time for N domains (target: 1,000 domains <= 2 s);
2. nginx worker memory (RSS, PSS) with N domains;
3. throughput with wrk: the plain nginx proxy vs the same request through the WAF, as a ratio
   measured in one run (bare GET, a browser-like GET, a JSON POST).

    .venv/bin/python bench/dataplane.py [--domains 1000] [--seconds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench_node import BenchNode, free_port  # noqa: E402

from cloudwaf.agent.apply import ConfigApplier  # noqa: E402
from cloudwaf.agent.nginx import NginxProcess, default_worker_user  # noqa: E402
from cloudwaf.dataplane.compiler import compile_snapshot  # noqa: E402
from cloudwaf.dataplane.layout import Layout  # noqa: E402
from cloudwaf.dataplane.snapshot import (  # noqa: E402
    DomainSnapshot,
    Forward,
    NodeSnapshot,
    PolicySnapshot,
    UpstreamServer,
)


def snapshot(version: int, count: int, origin_port: int, http_port: int) -> NodeSnapshot:
    domains = [
        DomainSnapshot(
            id=i, oem_id=1, name=f"site{i}.bench.example", http_ports=[http_port],
            policy=PolicySnapshot(id=1 + i % 5, paranoia_level=1 + i % 2, inbound_threshold=5 + version % 3),
            forwards=[Forward(servers=[UpstreamServer(host="127.0.0.1", port=origin_port)])],
        )
        for i in range(1, count + 1)
    ]
    return NodeSnapshot(version=version, domains=domains)


def worker_memory(master_pid: int) -> dict[str, float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    rss, pss = [], []
    for pid in children:
        rollup = Path(f"/proc/{pid}/smaps_rollup")
        if not rollup.exists():
            continue
        fields = {line.split(":")[0]: int(line.split()[1]) for line in rollup.read_text().splitlines()[1:]}
        rss.append(fields.get("Rss", 0) / 1024)
        pss.append(fields.get("Pss", 0) / 1024)
    return {"workers": len(rss), "rss_mb_each": round(max(rss, default=0), 1),
            "pss_mb_total": round(sum(pss), 1)}


def scale(count: int, rounds: int) -> None:
    import shutil
    import tempfile

    prefix = Path(tempfile.mkdtemp(prefix="cloudwaf-scale-"))
    prefix.chmod(0o755)
    layout = Layout(prefix=prefix / "node", control_port=free_port(), listen_address="127.0.0.1",
                    worker_user=default_worker_user(), worker_processes="2")
    nginx = NginxProcess(layout)
    applier = ConfigApplier(nginx)
    origin, port = free_port(), free_port()
    compile_s, apply_s = [], []
    try:
        for version in range(1, rounds + 1):
            snap = snapshot(version, count, origin, port)
            started = time.perf_counter()
            files = compile_snapshot(snap, layout)
            compiled = time.perf_counter()
            result = applier.apply(files)
            done = time.perf_counter()
            if not result.ok:
                raise SystemExit(result.error)
            compile_s.append(compiled - started)
            apply_s.append(done - compiled)
        time.sleep(2)  # let the workers of the previous generation exit
        memory = worker_memory(nginx.pid())
    finally:
        nginx.stop()
        shutil.rmtree(prefix, ignore_errors=True)
    total = [c + a for c, a in zip(compile_s, apply_s, strict=True)]
    print(f"\n== {count} domains: compile + nginx -t + reload + verify "
          f"({rounds} applies, the first starts nginx)")
    print(f"compile  p50 {statistics.median(compile_s) * 1000:7.0f} ms   max {max(compile_s) * 1000:7.0f} ms")
    print(f"apply    p50 {statistics.median(apply_s[1:] or apply_s) * 1000:7.0f} ms   "
          f"max {max(apply_s[1:] or apply_s) * 1000:7.0f} ms   (nginx -t, swap, HUP, verify)")
    print(f"total    p50 {statistics.median(total[1:] or total) * 1000:7.0f} ms   target <= 2000 ms")
    print(f"workers  {memory['workers']} x RSS {memory['rss_mb_each']} MB; PSS of all workers "
          f"{memory['pss_mb_total']} MB (CRS loaded once at http{{}}, shared copy-on-write)")


def throughput(seconds: int) -> None:
    node = BenchNode.start("bench.example", ["balanced"])
    try:
        cases = {
            "bare GET": {"Host": "bench.example"},
            "browser GET": {"Host": "bench.example", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)",
                            "Accept": "text/html,application/xhtml+xml", "Accept-Language": "en-US,en;q=0.5",
                            "Cookie": "session=3f9a1c0e8b7d6a5f; theme=dark"},
        }
        print(f"\n== throughput, wrk -t2 -c32 -d{seconds}s, same run (plain proxy vs through the WAF)")
        print(f"{'request':<14} {'plain rps':>10} {'WAF rps':>10} {'WAF/plain':>10}")
        for name, headers in cases.items():
            path = "/catalogue?page=2&sort=price&q=red+shoes" if "browser" in name else "/"
            plain = _wrk(f"http://127.0.0.1:{node.plain_port}{path}", headers, seconds)
            waf = _wrk(f"http://127.0.0.1:{node.profile_ports['balanced']}{path}", headers, seconds)
            print(f"{name:<14} {plain:>10.0f} {waf:>10.0f} {waf / plain:>10.3f}")
    finally:
        node.stop()


def _wrk(url: str, headers: dict[str, str], seconds: int) -> float:
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s"]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    return float(out.split("Requests/sec:")[1].split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--domains", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args()
    scale(10, args.rounds)  # the baseline: what the domains themselves add
    scale(args.domains, args.rounds)
    if not args.no_throughput:
        throughput(args.seconds)


if __name__ == "__main__":
    main()
