"""Guard figures, on SQLite and PostgreSQL, through the real app in-process (FastAPI + SQLAlchemy,
no network hop):

  1. list latency of GET /api/v1/guard/domains (20 per page, random pages, name sort, and keyword
     searches) with 10,000 domains in one OEM; target p99 < 100 ms;
  2. import of a 100,000-entry IP set through POST /api/v1/guard/ip-sets/{id}/import; target < 5 s;
  3. cost of the config-version bump (one atomic UPDATE) per write, and a whole domain update.

    .venv/bin/python bench/guard.py [--requests 300] [--skip-pg]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, make_url, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _loadgen import pg_url  # noqa: E402
from tests.factories import bearer_headers, make_oem, make_user  # noqa: E402

from cloudwaf.app import create_app  # noqa: E402
from cloudwaf.bootstrap import bootstrap  # noqa: E402
from cloudwaf.config import Settings  # noqa: E402
from cloudwaf.db import create_db_engine  # noqa: E402
from cloudwaf.guard.config_version import bump  # noqa: E402
from cloudwaf.migrate import upgrade  # noqa: E402
from cloudwaf.models import Domain, NodeGroup, Policy  # noqa: E402
from cloudwaf.models.base import utcnow  # noqa: E402

DOMAINS = 10_000
IMPORT_ENTRIES = 100_000


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def run(label: str, url: str, data_dir: Path, requests: int) -> None:
    upgrade(url)
    settings = Settings(
        env="test",
        data_dir=data_dir,
        database_url=url,
        secret_key="bench-" + "x" * 40,
        admin_password="Bench-Passw0rd!",
        captcha_enabled=False,
    )
    engine = create_db_engine(url)
    with Session(engine) as session, session.begin():
        bootstrap(session, settings)
        oem = make_oem(session, "bench")
        headers = bearer_headers(session, make_user(session, oem, "oem_admin"))
        oem_id = oem.id
        policy_id = session.scalar(
            select(Policy.id).where(Policy.oem_id == oem_id, Policy.is_default.is_(True))
        )
        group_id = session.scalar(
            select(NodeGroup.id).where(NodeGroup.oem_id == oem_id, NodeGroup.is_default.is_(True))
        )
        now = utcnow()
        rows = [
            dict(
                oem_id=oem_id,
                name=f"site{i:05d}.bench.example",
                http_ports=[80],
                https_ports=[],
                redirect_https=False,
                hsts=False,
                hsts_max_age=31_536_000,
                origins=[{"host": "10.0.0.1", "port": 8080, "weight": 1, "scheme": "http"}],
                policy_id=policy_id,
                node_group_id=group_id,
                enabled=True,
                version=1,
                created_at=now,
                updated_at=now,
            )
            for i in range(DOMAINS)
        ]
        for start in range(0, DOMAINS, 2000):
            session.execute(insert(Domain), rows[start : start + 2000])
    app = create_app(settings, engine=engine)
    with TestClient(app) as client:
        for _ in range(20):  # warm-up: connection pool, statement caches
            client.get("/api/v1/guard/domains", headers=headers)
        cases = {
            "page (name sort)": lambda: {"page": random.randint(1, DOMAINS // 20), "page_size": 20},
            "keyword search": lambda: {"keyword": f"site{random.randint(0, 9999):04d}", "page_size": 20},
        }
        print(f"\n[{label}] {DOMAINS} domains in one OEM, {requests} requests per case")
        for name, params in cases.items():
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get("/api/v1/guard/domains", params=params(), headers=headers)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
            print(
                f"  list {name:18s} p50 {percentile(timings, 50):6.1f} ms"
                f"  p99 {percentile(timings, 99):6.1f} ms"
                f"  max {max(timings):6.1f} ms  (target p99 < 100 ms)"
            )

        ip_set = client.post("/api/v1/guard/ip-sets", json={"name": "bench"}, headers=headers).json()["data"]
        body = "\n".join(
            f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}  # entry {i}" for i in range(IMPORT_ENTRIES)
        )
        started = time.perf_counter()
        response = client.post(
            f"/api/v1/guard/ip-sets/{ip_set['id']}/import",
            content=body,
            headers={**headers, "Content-Type": "text/plain"},
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and response.json()["data"]["added"] == IMPORT_ENTRIES, (
            response.text
        )
        print(f"  import {IMPORT_ENTRIES} IP-set entries: {elapsed:.2f} s  (target < 5 s)")
        started = time.perf_counter()
        export = client.get(f"/api/v1/guard/ip-sets/{ip_set['id']}/export", headers=headers)
        print(
            f"  export {IMPORT_ENTRIES} entries: {time.perf_counter() - started:.2f} s,"
            f" {len(export.content)} bytes"
        )

        bumps = []
        for _ in range(200):
            with Session(engine) as session, session.begin():
                started = time.perf_counter()
                bump(session, oem_id)
                bumps.append((time.perf_counter() - started) * 1000)
        commits = []
        for _ in range(200):
            started = time.perf_counter()
            with Session(engine) as session, session.begin():
                bump(session, oem_id)
            commits.append((time.perf_counter() - started) * 1000)
        domain_id = client.get("/api/v1/guard/domains", params={"page_size": 1}, headers=headers).json()[
            "data"
        ]["items"][0]["id"]
        updates = []
        for i in range(100):
            started = time.perf_counter()
            response = client.put(
                f"/api/v1/guard/domains/{domain_id}", json={"hsts_max_age": 1000 + i}, headers=headers
            )
            updates.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
        print(
            f"  config-version bump: UPDATE alone p50 {statistics.median(bumps):.3f} ms, with its own commit "
            f"p50 {statistics.median(commits):.3f} ms; whole PUT domain (10,000-domain group) "
            f"p50 {statistics.median(updates):.1f} ms p99 {percentile(updates, 99):.1f} ms"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.db", Path(tmp), args.requests)
        base = None if args.skip_pg else pg_url()
        if base:
            name = f"cloudwaf_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                run(
                    "PostgreSQL",
                    make_url(base).set(database=name).render_as_string(hide_password=False),
                    Path(tmp),
                    args.requests,
                )
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
