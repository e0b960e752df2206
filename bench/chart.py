"""Event-store benchmark: seeds attack events and per-minute counters through the store's ingest,
then prints the ingest rate, p50/p99 of a 24-hour series and a 7-day top-10, and the peak memory
of a 1,000,000-row CSV export (measured in a child process).

    .venv/bin/python bench/chart.py                       # 10M events, 30 days x 100 domains, SQLite
    .venv/bin/python bench/chart.py --events 1000000      # quicker
    .venv/bin/python bench/chart.py --database-url postgresql+psycopg://...   # PostgreSQL
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from cloudwaf.chart.analytics import AnalyticsQuery
from cloudwaf.chart.export.service import EVENT_COLUMNS, csv_stream, event_rows
from cloudwaf.chart.store import AttackEventIn, EventFilters, SqlEventStore, TrafficCounterIn
from cloudwaf.db import create_db_engine, create_session_factory
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.migrate import upgrade
from cloudwaf.models import AttackEvent

OEM = 1
DOMAINS = [f"site{i:03d}.example" for i in range(100)]
RULES = [[942100, 949110], [941100, 949110], [930120, 949110], [932160, 949110], [920350], [913100, 949110]]
METHODS = ["GET", "GET", "GET", "POST", "PUT"]
END = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
START = END - timedelta(days=30)


def _ip_pool(rng: random.Random, size: int) -> list[str]:
    # Public-looking IPv4 addresses spread over the space (GeoIP enrichment does real lookups).
    pool = []
    while len(pool) < size:
        a = rng.randint(1, 223)
        if a in (10, 127, 100, 169, 172, 192, 198, 203):
            continue
        pool.append(f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
    return pool


def seed_events(factory, total: int, batch: int = 2000) -> float:  # noqa: ANN001
    """Events per second spent in the store (ingest + commit); building the synthetic events is
    the bench's own work and is not counted."""
    rng = random.Random(7)
    ips = _ip_pool(rng, 20_000)
    span = int((END - START).total_seconds())
    done, spent = 0, 0.0
    while done < total:
        size = min(batch, total - done)
        base = START + timedelta(
            seconds=span * done // total
        )  # batches arrive in time order, like nodes ship
        events = [
            AttackEventIn(
                oem_id=OEM,
                node_id=rng.randint(1, 3),
                node_name=f"edge-{rng.randint(1, 3)}",
                time=base + timedelta(milliseconds=rng.randint(0, 60_000)),
                domain=rng.choice(DOMAINS),
                client_ip=rng.choice(ips),
                method=rng.choice(METHODS),
                uri=f"/p/{rng.randint(1, 500)}?q=x",
                action="blocked" if rng.random() < 0.8 else "detected",
                status=403,
                rule_ids=rng.choice(RULES),
                messages=["bench"],
                anomaly_score=10,
                # as nodes send them: "<domain id>-<unix ms>-<nginx $request_id>"
                event_id=f"{rng.randint(1, 100)}-{int(base.timestamp() * 1000)}-{rng.getrandbits(128):032x}",
                headers={"User-Agent": rng.choice(["sqlmap/1.7", "curl/8.0", "Mozilla/5.0", "nikto"])},
            )
            for _ in range(size)
        ]
        started = time.perf_counter()
        with factory() as session, session.begin():
            SqlEventStore(session).ingest_events(events)
        spent += time.perf_counter() - started
        done += size
        if done % 1_000_000 < batch:
            print(f"  {done:,} events, {done / spent:,.0f} events/s", flush=True)
    return total / spent


def seed_counters(factory, days: int) -> float:  # noqa: ANN001
    rng = random.Random(11)
    started, rows = time.perf_counter(), 0
    minute = END - timedelta(days=days)
    while minute < END:
        hour = [
            TrafficCounterIn(
                oem_id=OEM,
                node_id=1,
                domain=d,
                minute=minute + timedelta(minutes=m),
                requests=(r := rng.randint(50, 500)),
                blocked=rng.randint(0, 5),
                bytes_in=r * 800,
                bytes_out=r * 9000,
                status_2xx=r - 10,
                status_3xx=5,
                status_4xx=4,
                status_5xx=1,
                upstream_ms_sum=r * 35,
                upstream_count=r,
            )
            for d in DOMAINS
            for m in range(60)
        ]
        with factory() as session, session.begin():
            SqlEventStore(session).ingest_counters(hour)
        rows += len(hour)
        minute += timedelta(hours=1)
    return rows / (time.perf_counter() - started)


def timed(factory, runs: int, make_query, method: str) -> tuple[float, float]:  # noqa: ANN001
    samples = []
    for i in range(runs):
        query = make_query(i)
        args = query if isinstance(query, tuple) else (query,)
        with factory() as session:
            store = SqlEventStore(session)
            t = time.perf_counter()
            getattr(store, method)(TenantScope.of(OEM), *args)
            samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def export_child(url: str, rows: int) -> None:
    engine = create_db_engine(url)
    factory = create_session_factory(engine)
    written = 0
    with open("/dev/null", "wb") as sink:
        for chunk in csv_stream(
            EVENT_COLUMNS, event_rows(factory, TenantScope.of(OEM), EventFilters(), rows)
        ):
            sink.write(chunk)
            written += len(chunk)
    print(written)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--counter-days", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries of a database seeded before (--database-url)",
    )
    args = parser.parse_args()
    if args.export_child:
        export_child(args.database_url, args.export_rows)
        return

    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='cloudwaf-bench-')) / 'bench.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    factory = create_session_factory(engine)
    print(
        f"backend: {engine.dialect.name}; events: {args.events:,}; counters: {args.counter_days} days x "
        f"{len(DOMAINS)} domains per minute"
    )
    if not args.queries_only:
        rate = seed_events(factory, args.events)
        print(
            f"ingest: {rate:,.0f} events/s (batches of 2,000, store time only: GeoIP enrichment, hourly"
            " and daily rollups and the commit included)"
        )
        crate = seed_counters(factory, args.counter_days)
        print(f"ingest: {crate:,.0f} counter rows/s")
    if engine.dialect.name == "postgresql":
        # A store that took 30 days of events has been vacuumed by autovacuum all along; one
        # loaded in minutes has not (its first reads set hint bits and write the pages back).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")

    def series(step: int):  # noqa: ANN202
        def make(i: int) -> AnalyticsQuery:
            etime = END - timedelta(minutes=7 * i)
            return AnalyticsQuery(
                metric="requests", stime=etime - timedelta(hours=24), etime=etime, step=step
            )

        return make

    def top(dimension: str, metric: str = "attacks"):  # noqa: ANN202
        def make(i: int) -> AnalyticsQuery:
            etime = END - timedelta(minutes=7 * i)
            return AnalyticsQuery(
                metric=metric, stime=etime - timedelta(days=7), etime=etime, dimension=dimension
            )

        return make

    def search(**filters: str):  # noqa: ANN202
        """Page 1 (20 rows, newest first, with the total) of a 24-hour attack-log search."""
        def make(i: int) -> tuple[EventFilters, PageParams]:
            etime = END - timedelta(minutes=7 * i)
            return EventFilters(stime=etime - timedelta(hours=24), etime=etime, **filters), PageParams(1, 20)

        return make

    with factory() as session:  # a client IP and an event id the last day holds
        ip, event_id = session.execute(
            select(AttackEvent.client_ip, AttackEvent.event_id).order_by(AttackEvent.id.desc()).limit(1)
        ).one()

    for label, make, method in (
        ("24h series, requests, 1h buckets (auto)", series(3600), "query_series"),
        ("24h series, requests, 5m buckets", series(300), "query_series"),
        (
            "24h series, attacks, 1h buckets",
            lambda i: AnalyticsQuery(
                metric="attacks",
                stime=END - timedelta(hours=24, minutes=7 * i),
                etime=END - timedelta(minutes=7 * i),
            ),
            "query_series",
        ),
        ("7d top-10 countries by attacks", top("country"), "query_top"),
        ("7d top-10 rules by attacks", top("rule_id"), "query_top"),
        ("7d top-10 domains by requests", top("domain", "requests"), "query_top"),
        ("7d top-10 client IPs by attacks", top("client_ip"), "query_top"),
        ("7d top-10 URI paths by attacks", top("uri_path"), "query_top"),
        ("7d top-10 user agents by attacks", top("user_agent"), "query_top"),
        (
            "7d top-10 URI paths of one client IP",
            lambda i: AnalyticsQuery(
                metric="attacks",
                stime=END - timedelta(days=7, minutes=7 * i),
                etime=END - timedelta(minutes=7 * i),
                dimension="uri_path",
                filters={"client_ip": (ip,)},
            ),
            "query_top",
        ),
        ("24h event search by client IP, page 1", search(client_ip=ip), "search_events"),
        ("24h event search by event id", search(event_id=event_id), "search_events"),
    ):
        runs = args.runs
        p50, p99 = timed(factory, runs, make, method)
        print(f"{label:48s} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   ({runs} runs)")
    engine.dispose()

    rows = min(args.export_rows, args.events)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--export-child", "--database-url", url, "--export-rows", str(rows)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = time.perf_counter() - started
    print(
        f"export: {rows:,} rows CSV, {int(out.stdout) / 1e6:,.0f} MB in {seconds:.1f} s,"
        f" peak RSS of the exporting process {max(peak, before) / 1024:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
