"""API latency and throughput: GET /api/v1/health and an authenticated list of 20 rows, under
saturation (wrk, 50 connections, 10 s) and at a fixed 200 requests/s, on SQLite and PostgreSQL.

    .venv/bin/python bench/api_latency.py [--seconds 10] [--skip-pg] [--workers 1,2] [--rates 100,200]

Each backend runs once per worker count (`cloudwaf serve --workers N`; production runs one per core).

Target (issue #2): authenticated list of 20 rows, p99 < 20 ms at 200 requests/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _loadgen import control_plane, fixed_rate, pg_url, wrk  # noqa: E402

LIST_PATH = "/api/v1/sys/users?page_size=20"


@contextmanager
def scratch_pg_database(base_url: str):  # noqa: ANN201
    name = f"cloudwaf_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed_rows(url: str, headers: dict[str, str]) -> None:
    """Twenty users, so the list answers a full page."""
    roles = httpx.get(f"{url}/api/v1/sys/roles", headers=headers, timeout=10).json()["data"]["items"]
    role_id = next(r["id"] for r in roles if r.get("code") == "operator")
    for i in range(20):
        httpx.post(f"{url}/api/v1/sys/users", headers=headers, timeout=10, json={
            "username": f"bench-user-{i}", "password": "Bench-Passw0rd!", "role_id": role_id,
        }).raise_for_status()


def settle_pg(url: str) -> None:
    """VACUUM ANALYZE the freshly migrated and seeded database: otherwise autovacuum works through
    its ~60 new tables during the first measurements, on the same 2 cores."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def run(label: str, database_url: str | None, seconds: int, workers: int, rates: list[int]) -> dict:
    with control_plane(database_url, workers=workers) as server:
        token = server.login()
        auth = {"Authorization": f"Bearer {token}"}
        seed_rows(server.url, auth)
        if database_url:
            settle_pg(database_url)
        listed = httpx.get(server.url + LIST_PATH, headers=auth, timeout=10).json()["data"]["items"]
        assert len(listed) == 20, len(listed)
        return {
            "backend": label,
            "workers": workers,
            "health_wrk": wrk(server.url + "/api/v1/health", seconds=seconds),
            "list20_wrk": wrk(server.url + LIST_PATH, seconds=seconds, headers=auth),
            "health_fixed": [fixed_rate(server.url + "/api/v1/health", rate=200, seconds=seconds,
                                       server=server)],
            "list20_fixed": [
                fixed_rate(server.url + LIST_PATH, rate=rate, seconds=seconds, headers=auth, server=server)
                for rate in rates
            ],
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--rates", default="200", help="comma-separated fixed rates for the list (req/s)")
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",")]
    rates = [int(n) for n in args.rates.split(",")]
    results = [run("sqlite", None, args.seconds, n, rates) for n in worker_counts]
    base = None if args.skip_pg else pg_url()
    if base:
        for n in worker_counts:
            with scratch_pg_database(base) as url:
                results.append(run("postgresql", url, args.seconds, n, rates))
    for result in results:
        print(json.dumps(result))
    print("\nbackend     workers endpoint      mode         rps/rate   p50 ms   p99 ms   server CPU ms/req")
    for r in results:
        head = f"{r['backend']:<11} {r['workers']:>7} "
        for key, name in (("health_wrk", "health"), ("list20_wrk", "list 20 rows")):
            f = r[key]
            print(f"{head}{name:<13} wrk -c50     {f.get('rps', 0):>8.0f} {f.get('p50_ms', 0):>8.2f} "
                  f"{f.get('p99_ms', 0):>8.2f}")
        for key, name in (("health_fixed", "health"), ("list20_fixed", "list 20 rows")):
            for f in r[key]:
                figures = (f"{f['rate']:>8.0f} {f['p50_ms']:>8.2f} {f['p99_ms']:>8.2f} "
                           f"{f['server_cpu_ms']:>8.2f}")
                print(f"{head}{name:<13} fixed rate   {figures}   errors={f['errors']}")


if __name__ == "__main__":
    main()
