"""The event store: raw attack events and per-minute traffic counters behind one interface, so that
a columnar engine can replace the SQL implementation without touching callers.

Writers: the node module's log ingestion (`ingest_events`, `ingest_counters`). Readers: the chart
module (`search_events`, `get_event`, `iter_events`, `query_series`, `query_top`) and its
retention job (`purge_batch`). Ingest also enriches events (GeoIP) and keeps the hourly and daily
rollups current (cloudwaf.chart.ingest).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cloudwaf.chart.analytics import AnalyticsQuery, Retention, SqlAnalytics, event_query
from cloudwaf.chart.ingest import add_attack_rollups, add_traffic_rollups, event_columns, insert_events
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import AttackEvent, TrafficMinute


@dataclass(frozen=True, slots=True)
class AttackEventIn:
    oem_id: int
    node_id: int
    time: datetime
    domain: str
    client_ip: str
    method: str
    uri: str
    action: str  # blocked | detected
    node_name: str = ""
    status: int = 0
    rule_ids: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    anomaly_score: int = 0
    event_id: str = ""
    country: str = ""
    # Optional extras (chart): filled by the node when it knows them; ingest fills country/asn.
    asn: int | None = None
    protocol: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    matched: list[dict] = field(default_factory=list)  # [{id, msg, data, tags}] per matched rule
    config_version: int = 0


@dataclass(frozen=True, slots=True)
class TrafficCounterIn:
    """Counts of one domain on one node for one UTC minute; batches add up."""

    oem_id: int
    node_id: int
    domain: str
    minute: datetime
    requests: int = 0
    blocked: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    status_2xx: int = 0
    status_3xx: int = 0
    status_4xx: int = 0
    status_5xx: int = 0
    upstream_ms_sum: int = 0  # chart: upstream latency, summed over upstream_count requests
    upstream_count: int = 0


COUNTER_FIELDS = ("requests", "blocked", "bytes_in", "bytes_out", "status_2xx", "status_3xx", "status_4xx",
                  "status_5xx", "upstream_ms_sum", "upstream_count")


@dataclass(frozen=True, slots=True)
class EventFilters:
    stime: datetime | None = None
    etime: datetime | None = None
    domain: str | None = None
    client_ip: str | None = None
    action: str | None = None
    node_id: int | None = None
    event_id: str | None = None
    rule_id: int | None = None
    country: str | None = None
    uri_contains: str | None = None
    attack_type: str | None = None


@dataclass(frozen=True, slots=True)
class AttackEventRecord:
    id: int
    oem_id: int
    node_id: int
    node_name: str
    time: datetime
    domain: str
    client_ip: str
    country: str
    method: str
    uri: str
    status: int
    rule_ids: list[int]
    messages: list[str]
    anomaly_score: int
    action: str
    event_id: str
    asn: int | None = None
    uri_path: str = ""
    user_agent: str = ""
    attack_type: str = ""
    detail: dict = field(default_factory=dict)


class EventStore(Protocol):
    def ingest_events(self, batch: Sequence[AttackEventIn]) -> int: ...

    def ingest_counters(self, batch: Sequence[TrafficCounterIn]) -> int: ...

    def search_events(self, scope: TenantScope, filters: EventFilters,
                      paging: PageParams) -> tuple[list[AttackEventRecord], int]: ...

    def get_event(self, scope: TenantScope, event_pk: int) -> AttackEventRecord | None: ...

    def iter_events(self, scope: TenantScope, filters: EventFilters,
                    limit: int) -> Iterator[AttackEventRecord]: ...

    def query_series(self, scope: TenantScope, query: AnalyticsQuery) -> list[tuple[datetime, float]]: ...

    def query_top(self, scope: TenantScope, query: AnalyticsQuery) -> list[tuple[str, float]]: ...

    def purge_batch(self, now: datetime, retention: Retention, batch_size: int) -> dict[str, int]: ...


class SqlEventStore(SqlAnalytics):
    """The embedded implementation: tables in the config store, written in the caller's
    transaction (so a log batch and its idempotency marker commit together)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def ingest_events(self, batch: Sequence[AttackEventIn]) -> int:
        if batch:
            sqlite = self.session.get_bind().dialect.name == "sqlite"
            columns = event_columns(batch, json_detail=sqlite)
            insert_events(self.session, columns)
            add_attack_rollups(self.session, columns)
        return len(batch)

    def ingest_counters(self, batch: Sequence[TrafficCounterIn]) -> int:
        merged: dict[tuple[int, int, str, datetime], dict[str, int]] = {}
        for counter in batch:
            minute = counter.minute.replace(second=0, microsecond=0)
            sums = merged.setdefault((counter.oem_id, counter.node_id, counter.domain, minute),
                                     dict.fromkeys(COUNTER_FIELDS, 0))
            for name in COUNTER_FIELDS:
                sums[name] += getattr(counter, name)
        if not merged:
            return 0
        rows = [
            dict(oem_id=o, node_id=n, domain=d, minute=m, **sums) for (o, n, d, m), sums in merged.items()
        ]
        dialect = self.session.get_bind().dialect.name
        table = TrafficMinute.__table__  # Core: the ORM bulk path costs several times more per row
        upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        stmt = upsert.on_conflict_do_update(
            index_elements=["oem_id", "domain", "minute", "node_id"],
            set_={name: table.c[name] + upsert.excluded[name] for name in COUNTER_FIELDS},
        )
        self.session.execute(stmt, rows)
        add_traffic_rollups(self.session, rows)
        return len(rows)

    def search_events(self, scope: TenantScope, filters: EventFilters,
                      paging: PageParams) -> tuple[list[AttackEventRecord], int]:
        stmt = event_query(self.session, scope, filters)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(AttackEvent.time.desc(), AttackEvent.id.desc())
                                    .limit(paging.page_size).offset(paging.offset)).all()
        return [_record(row) for row in rows], int(total)

    def get_event(self, scope: TenantScope, event_pk: int) -> AttackEventRecord | None:
        stmt = event_query(self.session, scope, EventFilters()).where(AttackEvent.id == event_pk)
        row = self.session.scalars(stmt).first()
        return _record(row) if row is not None else None

    def iter_events(self, scope: TenantScope, filters: EventFilters,
                    limit: int) -> Iterator[AttackEventRecord]:
        """Newest first, fetched in chunks (a server-side cursor on PostgreSQL): exports stream
        a million rows without holding them."""
        newest = (AttackEvent.time.desc(), AttackEvent.id.desc())
        # Plain rows, not ORM objects: no identity map or instance state per exported row.
        stmt = event_query(self.session, scope, filters).with_only_columns(*AttackEvent.__table__.c)
        stmt = stmt.order_by(*newest).limit(limit).execution_options(yield_per=2000)
        for row in self.session.execute(stmt):
            yield _record(row)


def _record(row: AttackEvent) -> AttackEventRecord:
    return AttackEventRecord(
        id=row.id, oem_id=row.oem_id, node_id=row.node_id, node_name=row.node_name, time=row.time,
        domain=row.domain, client_ip=row.client_ip, country=row.country, method=row.method, uri=row.uri,
        status=row.status, rule_ids=list(row.rule_ids or []), messages=list(row.messages or []),
        anomaly_score=row.anomaly_score, action=row.action, event_id=row.event_id,
        asn=row.asn, uri_path=row.uri_path, user_agent=row.user_agent, attack_type=row.attack_type,
        detail=dict(row.detail or {}),
    )
