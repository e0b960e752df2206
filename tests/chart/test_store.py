"""The SQL event store below the API: rollup slices (day, hour, raw edges) answer exactly what raw
events answer, and the batch write path stores what the ORM reads back."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from cloudwaf.chart.analytics import AnalyticsQuery
from cloudwaf.chart.ingest import DAY_DIMS, HOUR_SLOTS
from cloudwaf.chart.store import SqlEventStore
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import AttackEvent, ChartAttackDay, ChartAttackHour
from tests.chart.helpers import T0, attack, ingest
from tests.factories import make_oem


def _events(oem_id: int, rng: random.Random, count: int) -> list:  # noqa: ANN001
    ips = [f"8.8.{a}.{b}" for a in range(4) for b in range(1, 6)] + ["1.1.1.1", "9.9.9.9"]
    return [
        attack(
            oem_id,
            T0 + timedelta(minutes=rng.randint(0, 4 * 24 * 60 - 1), seconds=rng.randint(0, 59)),
            ip=rng.choice(ips),
            uri=f"/p/{rng.randint(1, 6)}?x=1",
            action=rng.choice(["blocked", "detected"]),
            headers={"User-Agent": rng.choice(["sqlmap/1.7", "curl/8.0", "nikto", "x" * 300])},
        )
        for _ in range(count)
    ]


def test_top_n_of_high_cardinality_dimensions_matches_raw_events(db) -> None:  # noqa: ANN001
    oem, other = make_oem(db), make_oem(db)
    rng = random.Random(3)
    events = _events(oem.id, rng, 600)
    ingest(db, events[:300])
    ingest(db, events[300:] + _events(other.id, rng, 50))  # two batches add to the same rollup rows
    # Not aligned to days or hours: whole days, whole hours and partial hours all take part.
    stime, etime = T0 + timedelta(hours=5, minutes=17), T0 + timedelta(days=3, hours=7, minutes=41)
    inside = [e for e in events if stime <= e.time < etime]
    store = SqlEventStore(db)
    expected = {
        "client_ip": Counter(e.client_ip for e in inside),
        "uri_path": Counter(e.uri.split("?")[0] for e in inside),
        "user_agent": Counter(e.headers["User-Agent"][:253] for e in inside),
    }
    for dimension, counts in expected.items():
        query = AnalyticsQuery(metric="attacks", stime=stime, etime=etime, dimension=dimension, limit=50)
        got = store.query_top(TenantScope.of(oem.id), query)
        want = sorted(((k, float(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))
        assert got == want, dimension
    ip = events[0].client_ip
    series = store.query_series(
        TenantScope.of(oem.id),
        AnalyticsQuery(metric="attacks", stime=stime, etime=etime, step=3600, filters={"client_ip": (ip,)}),
    )
    assert sum(v for _, v in series) == sum(1 for e in inside if e.client_ip == ip)
    per_hour = Counter(
        e.time.replace(minute=0, second=0, microsecond=0) for e in inside if e.client_ip == ip
    )
    for moment, value in series:  # partial hours from raw events, whole hours from the hour columns
        assert value == per_hour.get(moment, 0), moment
    days = db.scalar(select(func.count()).select_from(ChartAttackDay).where(ChartAttackDay.oem_id == oem.id))
    hours = db.scalar(
        select(func.count()).select_from(ChartAttackHour).where(ChartAttackHour.dim.in_(DAY_DIMS))
    )
    assert days and not hours  # the answers above came (in part) from the day rows and their hours


def test_rollup_totals_equal_raw_counts_per_dimension(db) -> None:  # noqa: ANN001
    oem = make_oem(db)
    events = _events(oem.id, random.Random(5), 200)
    ingest(db, events)
    blocked = sum(1 for e in events if e.action == "blocked")
    for model in (ChartAttackHour, ChartAttackDay):
        rows = db.execute(
            select(model.dim, func.sum(model.attacks), func.sum(model.blocked))
            .where(model.oem_id == oem.id)
            .group_by(model.dim)
        ).all()
        for dim, attacks, blocks in rows:
            if dim != "rule_id":  # one row per distinct rule of an event
                assert (dim, attacks, blocks) == (dim, 200, blocked)
    assert {dim for (dim,) in db.execute(select(ChartAttackDay.dim).distinct())} == set(DAY_DIMS)
    hours_of_day = sum(ChartAttackDay.__table__.c[name] for name in HOUR_SLOTS)
    mismatched = db.scalar(
        select(func.count()).where(ChartAttackDay.oem_id == oem.id, hours_of_day != ChartAttackDay.attacks)
    )
    assert mismatched == 0
    hour_rows = db.execute(
        select(ChartAttackDay.value, ChartAttackDay.day, *(ChartAttackDay.__table__.c[n] for n in HOUR_SLOTS))
        .where(ChartAttackDay.oem_id == oem.id, ChartAttackDay.dim == "client_ip")
    ).all()
    got = Counter()
    for value, day, *slots in hour_rows:
        for hour, n in enumerate(slots):
            if n:
                got[(value, day + timedelta(hours=hour))] += n
    want = Counter((e.client_ip, e.time.replace(minute=0, second=0, microsecond=0)) for e in events)
    assert got == want


def test_batch_write_path_round_trips_through_the_orm(db) -> None:  # noqa: ANN001
    oem = make_oem(db)
    moment = T0 + timedelta(hours=1, minutes=2, seconds=3, microseconds=456789)
    event = attack(
        oem.id,
        moment,
        ip="8.8.8.8",
        rules=[941100, 949110],
        headers={"User-Agent": "curl/8.0", "Cookie": "sid=secret"},
        matched=[{"id": 941100, "msg": "XSS", "data": "<script>", "tags": ["attack-xss"]}],
        protocol="HTTP/1.1",
        config_version=7,
    )
    ingest(db, [event])
    row = db.scalars(select(AttackEvent).where(AttackEvent.oem_id == oem.id)).one()
    assert row.time == moment and row.rule_ids == [941100, 949110]
    assert row.messages == list(event.messages) and row.attack_type == "xss"
    assert row.country == "US" and row.uri_path == "/search" and row.user_agent == "curl/8.0"
    assert row.detail == {
        "request_line": "GET /search?q=1 HTTP/1.1",
        "headers": {"User-Agent": "curl/8.0", "Cookie": "******"},
        "matched": event.matched,
        "config_version": 7,
    }
    assert db.scalar(select(AttackEvent.id).where(AttackEvent.time == moment)) == row.id


def test_top_n_of_a_range_within_an_hour_a_day_and_across_midnight_matches_raw_events(db) -> None:  # noqa: ANN001
    oem = make_oem(db)
    events = _events(oem.id, random.Random(9), 400)
    ingest(db, events)
    store = SqlEventStore(db)
    for stime, etime in (
        (T0 + timedelta(hours=20, minutes=10), T0 + timedelta(days=1, hours=5, minutes=50)),
        (T0 + timedelta(days=1, hours=1), T0 + timedelta(days=1, hours=23)),
        (T0 + timedelta(days=1), T0 + timedelta(days=3)),
        (T0 + timedelta(days=1, hours=1, minutes=10), T0 + timedelta(days=1, hours=1, minutes=50)),
    ):
        inside = [e for e in events if stime <= e.time < etime]
        want = sorted(
            ((k, float(v)) for k, v in Counter(e.client_ip for e in inside).items()),
            key=lambda kv: (-kv[1], kv[0]),
        )
        query = AnalyticsQuery(metric="attacks", stime=stime, etime=etime, dimension="client_ip", limit=50)
        assert store.query_top(TenantScope.of(oem.id), query) == want, (stime, etime)
