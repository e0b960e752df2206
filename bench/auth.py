"""Authentication cost: the latency that resolving `Authorization: Bearer` and `Authorization:
ApiKey` adds to a request, and the time of a login, on SQLite and PostgreSQL.

    .venv/bin/python bench/auth.py [--iterations 2000] [--logins 30] [--skip-pg]

"Added" latency is measured in-process around the resolver alone (cloudwaf.auth), inside a
transaction that is already open, as in a request: lookup by indexed digest / public id, owner and
role load, permission intersection. End-to-end figures of GET /api/v1/sys/me (in-process ASGI, no
network) are printed beside them for scale. Login is POST /api/v1/sys/login (Argon2id verify,
session insert, audit row), captcha off.

Targets (issue #3): ApiKey adds < 1 ms at p99; login < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _loadgen import pg_url  # noqa: E402
from api_latency import scratch_pg_database  # noqa: E402

from cloudwaf.app import create_app  # noqa: E402
from cloudwaf.auth.api_keys import authenticate_api_key  # noqa: E402
from cloudwaf.auth.authenticator import authenticate_bearer  # noqa: E402
from cloudwaf.bootstrap import bootstrap  # noqa: E402
from cloudwaf.config import Settings  # noqa: E402
from cloudwaf.db import create_db_engine  # noqa: E402
from cloudwaf.migrate import upgrade  # noqa: E402

PASSWORD = "Bench-Adm1n-passw0rd"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"p50_ms": round(statistics.median(ordered), 3), "p99_ms": round(p99, 3), "n": len(ordered)}


def fake_request() -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/",
            "headers": [],
            "client": ("127.0.0.1", 40000),
            "query_string": b"",
        }
    )


def resolver_cost(
    factory, resolve: Callable[[Session, Request], object], iterations: int
) -> dict[str, float]:  # noqa: ANN001
    samples = []
    for _ in range(iterations + 50):
        with factory() as session:
            session.execute(text("SELECT 1"))  # the request's transaction is already open
            started = time.perf_counter()
            resolve(session, fake_request())
            samples.append((time.perf_counter() - started) * 1000)
            session.commit()
    return percentiles(samples[50:])  # the first ones warm caches and the pool


def http_cost(client: TestClient, headers: dict[str, str], iterations: int) -> dict[str, float]:
    samples = []
    for _ in range(iterations + 20):
        started = time.perf_counter()
        response = client.get("/api/v1/sys/me", headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return percentiles(samples[20:])


def run(label: str, database_url: str, iterations: int, logins: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="test",
            data_dir=tmp,
            database_url=database_url,
            secret_key="bench-" + "s" * 40,
            admin_password=PASSWORD,
            captcha_enabled=False,
        )
        upgrade(database_url)
        engine = create_db_engine(database_url)
        with Session(engine) as session, session.begin():
            bootstrap(session, settings)
        app = create_app(settings, engine=engine)
        with TestClient(app) as client:
            login_samples = []
            for _ in range(logins):
                started = time.perf_counter()
                response = client.post("/api/v1/sys/login", json={"username": "admin", "password": PASSWORD})
                login_samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
            token = response.json()["data"]["token"]
            bearer = {"Authorization": f"Bearer {token}"}
            created = client.post(
                "/api/v1/sys/api-keys",
                headers=bearer,
                json={"name": "bench", "scopes": ["sys.profile.read", "sys.user.read"], "expires_in_days": 1},
            )
            key = created.json()["data"]["key"]
            factory = app.state.session_factory
            result = {
                "backend": label,
                "bearer_added": resolver_cost(
                    factory, lambda s, r: authenticate_bearer(s, r, token, 120), iterations
                ),
                "apikey_added": resolver_cost(
                    factory, lambda s, r: authenticate_api_key(s, r, key), iterations
                ),
                "me_bearer_e2e": http_cost(client, bearer, iterations // 4),
                "me_apikey_e2e": http_cost(client, {"Authorization": f"ApiKey {key}"}, iterations // 4),
                "login": percentiles(login_samples),
            }
        engine.dispose()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run("sqlite", f"sqlite:///{tmp}/bench.db", args.iterations, args.logins))
    base = None if args.skip_pg else pg_url()
    if base:
        with scratch_pg_database(base) as url:
            results.append(run("postgresql", url, args.iterations, args.logins))
    print(f"{'backend':<11} {'measure':<15} {'p50 ms':>8} {'p99 ms':>8}   target")
    targets = {"apikey_added": "p99 < 1 ms", "login": "< 300 ms"}
    for result in results:
        for name in ("bearer_added", "apikey_added", "me_bearer_e2e", "me_apikey_e2e", "login"):
            figures = result[name]
            print(
                f"{result['backend']:<11} {name:<15} {figures['p50_ms']:>8.3f} {figures['p99_ms']:>8.3f}   "
                f"{targets.get(name, '')}"
            )
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
