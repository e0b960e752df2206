"""Interleaved A/B of two checkouts of the control plane on the authenticated list of 20 rows:
server CPU per request and p99 at a fixed 200 requests/s, and saturation requests/s (wrk).
Run-to-run noise on this machine is larger than most single changes; alternating the two servers
round by round, on the same database backend and at the same time, is what makes a difference
between them believable.

    git worktree add /tmp/base <rev>
    .venv/bin/python bench/api_compare.py --baseline /tmp/base [--backend sqlite|postgresql]
        [--workers 1] [--rounds 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _loadgen import ROOT, control_plane, fixed_rate, pg_url, wrk  # noqa: E402
from api_latency import LIST_PATH, scratch_pg_database, seed_rows, settle_pg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", required=True, type=Path, help="checkout to compare against")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--rate", type=int, default=200)
    args = parser.parse_args()
    sources = {"baseline": args.baseline.resolve() / "src", "this": ROOT / "src"}
    figures: dict[str, dict[str, list[float]]] = {name: {"cpu_ms": [], "p99_ms": [], "rps": []}
                                                  for name in sources}
    with ExitStack() as stack:
        servers = {}
        base_pg = pg_url() if args.backend == "postgresql" else None
        if args.backend == "postgresql" and not base_pg:
            sys.exit("PostgreSQL unavailable")
        for name, src in sources.items():
            # Both servers run this checkout's virtual environment; PYTHONPATH puts the code under
            # test ahead of the editable install.
            os.environ["PYTHONPATH"] = str(src)
            database_url = stack.enter_context(scratch_pg_database(base_pg)) if base_pg else None
            server = stack.enter_context(control_plane(database_url, workers=args.workers))
            auth = {"Authorization": f"Bearer {server.login()}"}
            seed_rows(server.url, auth)
            if database_url:
                settle_pg(database_url)
            fixed_rate(server.url + LIST_PATH, rate=args.rate, seconds=3, headers=auth, server=server)
            servers[name] = (server, auth)
        os.environ.pop("PYTHONPATH")
        print(f"round  checkout   server CPU ms/req   p99 ms @{args.rate}/s   wrk rps")
        for round_no in range(args.rounds):
            order = list(servers) if round_no % 2 == 0 else list(reversed(servers))
            for name in order:
                server, auth = servers[name]
                fixed = fixed_rate(server.url + LIST_PATH, rate=args.rate, seconds=10, headers=auth,
                                   server=server)
                saturation = wrk(server.url + LIST_PATH, seconds=5, headers=auth)
                for key, value in (("cpu_ms", fixed["server_cpu_ms"]), ("p99_ms", fixed["p99_ms"]),
                                   ("rps", saturation["rps"])):
                    figures[name][key].append(value)
                print(f"{round_no:>5}  {name:<9} {fixed['server_cpu_ms']:>18.2f} {fixed['p99_ms']:>14.2f} "
                      f"{saturation['rps']:>9.0f}", flush=True)
    print(f"\nmedian (min-max) over {args.rounds} rounds, {args.backend}, {args.workers} worker(s)")
    for name, series in figures.items():
        cells = "   ".join(f"{key} {statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
                           for key, v in series.items())
        print(f"{name:<9} {cells}")


if __name__ == "__main__":
    main()
