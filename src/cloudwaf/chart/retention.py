"""Retention of the event store: `cloudwaf chart purge` and the server's periodic purge.

Deletes go in small batches, each its own transaction, so ingest (which writes the same tables)
waits at most one batch. In a server the job runs under a database lease: with several replicas
exactly one purges at a time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from cloudwaf.chart.analytics import Retention
from cloudwaf.chart.store import SqlEventStore
from cloudwaf.config import Environment, Settings
from cloudwaf.models import ChartJobLease

log = logging.getLogger("cloudwaf.chart.retention")

JOB = "chart.purge"
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def retention_of(settings: Settings) -> Retention:
    return Retention(
        event_days=settings.chart_event_retention_days,
        minute_days=settings.chart_minute_retention_days,
        hour_days=settings.chart_hour_retention_days,
    )


def purge(
    session_factory: sessionmaker[Session], settings: Settings, now: datetime | None = None
) -> dict[str, int]:
    """Deletes everything older than its retention; returns rows deleted per table."""
    now = now or datetime.now(UTC)
    totals: dict[str, int] = {}
    while True:
        with session_factory() as session, session.begin():
            deleted = SqlEventStore(session).purge_batch(
                now, retention_of(settings), settings.chart_purge_batch_size
            )
        for name, count in deleted.items():
            totals[name] = totals.get(name, 0) + count
        if not any(deleted.values()):
            return totals


def acquire_lease(
    session: Session, name: str, holder: str, ttl: timedelta, now: datetime | None = None
) -> bool:
    """Takes or renews the lease `name` for `holder` unless another holder's lease is still valid."""
    now = now or datetime.now(UTC)
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ChartJobLease)
    session.execute(insert.values(name=name, holder=holder, expires_at=now + ttl).on_conflict_do_nothing())
    session.execute(
        update(ChartJobLease)
        .where(
            ChartJobLease.name == name,
            or_(ChartJobLease.holder == holder, ChartJobLease.expires_at < now),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    return session.scalar(select(ChartJobLease.holder).where(ChartJobLease.name == name)) == holder


def purge_if_leader(session_factory: sessionmaker[Session], settings: Settings) -> dict[str, int] | None:
    ttl = timedelta(seconds=max(60, settings.chart_purge_interval_seconds * 2))
    with session_factory() as session, session.begin():
        if not acquire_lease(session, JOB, HOLDER, ttl):
            return None
    return purge(session_factory, settings)


async def purge_periodically(session_factory: sessionmaker[Session], settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.chart_purge_interval_seconds)
        try:
            result = await asyncio.to_thread(purge_if_leader, session_factory, settings)
            if result and any(result.values()):
                log.info("chart retention purge: %s", result)
        except Exception:  # noqa: BLE001 - a failed round is retried next interval
            log.exception("chart retention purge failed")


def start(settings: Settings, session_factory: sessionmaker[Session]) -> asyncio.Task | None:
    """The server's purge task (not under tests: they purge explicitly)."""
    if settings.env is Environment.test:
        return None
    return asyncio.get_running_loop().create_task(purge_periodically(session_factory, settings))
