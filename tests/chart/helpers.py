"""Arranging event-store contents through the store's own ingest interface."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from cloudwaf.chart.store import AttackEventIn, SqlEventStore, TrafficCounterIn

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)  # a Monday, midnight UTC
_seq = itertools.count(1)


def attack(
    oem_id: int,
    time: datetime,
    *,
    domain: str = "shop.example",
    ip: str = "8.8.8.8",
    rules: list[int] | None = None,
    action: str = "blocked",
    uri: str = "/search?q=1",
    **extra,
) -> AttackEventIn:
    return AttackEventIn(
        oem_id=oem_id,
        node_id=1,
        node_name="edge-1",
        time=time,
        domain=domain,
        client_ip=ip,
        method=extra.pop("method", "GET"),
        uri=uri,
        action=action,
        rule_ids=rules if rules is not None else [942100, 949110],
        messages=["SQL Injection Attack Detected via libinjection", "Inbound Anomaly Score"],
        anomaly_score=10,
        event_id=f"ev-{next(_seq)}",
        status=403,
        **extra,
    )


def ingest(db: Session, events: list[AttackEventIn] = (), counters: list[TrafficCounterIn] = ()) -> None:
    store = SqlEventStore(db)
    store.ingest_events(list(events))
    store.ingest_counters(list(counters))
    db.flush()


def minutes(
    oem_id: int,
    start: datetime,
    count: int,
    *,
    domain: str = "shop.example",
    requests: int = 10,
    node_id: int = 1,
) -> list[TrafficCounterIn]:
    return [
        TrafficCounterIn(
            oem_id=oem_id,
            node_id=node_id,
            domain=domain,
            minute=start + timedelta(minutes=i),
            requests=requests,
            blocked=1,
            bytes_in=100,
            bytes_out=1000,
            status_2xx=requests - 1,
            status_4xx=1,
            upstream_ms_sum=requests * 20,
            upstream_count=requests,
        )
        for i in range(count)
    ]


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
