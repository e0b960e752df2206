"""Ingest-side work of the SQL event store: enrich and shape attack events, and keep the hourly
and daily rollups current in the same transaction as the raw rows (so they can never disagree).

Rollups are summed per batch in Python first: a batch of a thousand events touches a few hundred
to a few thousand rollup rows, written with one multi-row upsert per table. Work that depends
only on a repeated value (GeoIP of an address, the attack class of a rule list, the path of a
URI) is done once per distinct value in the batch.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import compress
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cloudwaf.geoip.lookup import enrich
from cloudwaf.models import AttackEvent, ChartAttackDay, ChartAttackHour, ChartTrafficHour

# Dimensions rolled up per hour (chart_attack_hour). The high-cardinality ones (client_ip,
# uri_path, user_agent) are there too, so that the whole hours at the edges of a long range never
# read raw events.
ROLLUP_DIMS = (
    "domain",
    "node",
    "country",
    "asn",
    "attack_type",
    "rule_id",
    "method",
    "status",
    "client_ip",
    "uri_path",
    "user_agent",
)
# Dimensions also rolled up per UTC day (chart_attack_day): the ones with thousands of values per
# hour, whose 7-day top-N would otherwise sum 168 hourly slices of them.
DAY_DIMS = ("asn", "client_ip", "uri_path", "user_agent")
# Rollup values are the first VALUE_CHARS characters (top-N keys of long paths/agents are too).
VALUE_CHARS = 253

TRAFFIC_FIELDS = (
    "requests",
    "blocked",
    "bytes_in",
    "bytes_out",
    "status_2xx",
    "status_3xx",
    "status_4xx",
    "status_5xx",
    "upstream_ms_sum",
    "upstream_count",
)

# OWASP CRS rule files by id // 1000, and the platform's own rule ranges (dataplane.modsec_rules).
_CRS_TYPES = {
    911: "method",
    913: "scanner",
    920: "protocol",
    921: "protocol",
    922: "multipart",
    930: "lfi",
    931: "rfi",
    932: "rce",
    933: "php",
    934: "generic",
    941: "xss",
    942: "sqli",
    943: "session_fixation",
    944: "java",
    950: "data_leakage",
    951: "data_leakage",
    952: "data_leakage",
    953: "data_leakage",
    954: "data_leakage",
    955: "web_shell",
}
_SCORING_FILES = {901, 905, 949, 959, 980}  # initialisation and anomaly evaluation: not a type
_PLATFORM_TYPES = ((10_100_000, 10_200_000, "acl"), (10_200_000, 10_300_000, "cc"))

_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-auth-token",
        "x-csrf-token",
    }
)
MASK = "******"


def attack_type(rule_ids: Sequence[int]) -> str:
    """The attack class of an event: the first rule that is not bookkeeping decides."""
    for rule_id in rule_ids:
        for low, high, name in _PLATFORM_TYPES:
            if low <= rule_id < high:
                return name
        family = rule_id // 1000
        if family in _SCORING_FILES:
            continue
        if family in _CRS_TYPES:
            return _CRS_TYPES[family]
        if 900 <= family < 1000:
            return "other"
    return "custom" if rule_ids else ""


def mask_headers(headers: Mapping[str, Any]) -> dict[str, str]:
    """Request headers for the detail view: cookies and credentials never leave the store."""
    masked = {}
    for name, value in list(headers.items())[:100]:
        key = str(name)[:128]
        masked[key] = MASK if key.lower() in _SECRET_HEADERS else str(value)[:2048]
    return masked


def uri_path(uri: str) -> str:
    try:
        return (urlsplit(uri).path or "/")[:2048]
    except ValueError:
        return uri.split("?", 1)[0][:2048]


def event_rows(batch: Sequence[Any]) -> list[dict[str, Any]]:
    """Column values of AttackEventIn objects: GeoIP country/ASN when the node did not send them,
    the path without query, the attack class, and the detail blob (masked)."""
    geo: dict[str, tuple[str, int | None]] = {}
    types: dict[tuple[int, ...], str] = {}
    paths: dict[str, str] = {}
    rows = []
    for event in batch:
        country, asn = event.country, event.asn
        if not country or asn is None:
            found = geo.get(event.client_ip)
            if found is None:
                found = geo[event.client_ip] = enrich(event.client_ip)
            country = country or found[0]
            asn = asn if asn is not None else found[1]
        rule_ids = list(event.rule_ids)
        rule_key = tuple(rule_ids)
        kind = types.get(rule_key)
        if kind is None:
            kind = types[rule_key] = attack_type(rule_ids)
        path = paths.get(event.uri)
        if path is None:
            path = paths[event.uri] = uri_path(event.uri)
        headers = mask_headers(event.headers) if event.headers else {}
        user_agent = ""
        for key, value in event.headers.items():
            if str(key).lower() == "user-agent":
                user_agent = str(value)[:512]
                break
        rows.append(
            {
                "oem_id": event.oem_id,
                "node_id": event.node_id,
                "node_name": event.node_name,
                "time": event.time,
                "domain": event.domain,
                "client_ip": event.client_ip,
                "country": country,
                "asn": asn,
                "method": event.method,
                "uri": event.uri,
                "uri_path": path,
                "status": event.status,
                "rule_ids": rule_ids,
                "messages": list(event.messages),
                "anomaly_score": event.anomaly_score,
                "action": event.action,
                "event_id": event.event_id,
                "user_agent": user_agent,
                "attack_type": kind,
                "detail": {
                    "request_line": f"{event.method} {event.uri} {event.protocol}".strip(),
                    "headers": headers,
                    "matched": list(event.matched)[:50],
                    "config_version": event.config_version,
                },
            }
        )
    return rows


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _day(hour: datetime) -> datetime:
    """The start of the UTC day of an hour."""
    return hour.astimezone(UTC).replace(hour=0) if hour.tzinfo is not None else hour.replace(hour=0)


def _upsert(
    session: Session, model: type, rows: list[dict[str, Any]], keys: Sequence[str], sums: Sequence[str]
) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    table = model.__table__  # Core, not the ORM bulk path (which costs several times more per row)
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + stmt.excluded[name] for name in sums},
    )
    # Sorted keys: concurrent batches lock rollup rows in one order, so they cannot deadlock.
    rows.sort(key=lambda r: tuple(r[k] for k in keys))
    session.execute(stmt, rows)


# -- SQLite: the batch goes to the driver as plain tuples ---------------------------------------
# SQLAlchemy's per-value bind processing (UTC conversion, datetime to text, JSON) costs more than
# SQLite's own work on a 2,000-row batch; on SQLite the values are converted here once, in the
# exact text forms SQLAlchemy stores (so reads through the ORM see the same values).
_EVENT_COLUMNS = [c.name for c in AttackEvent.__table__.c if c.name != "id"]
_EVENT_JSON = frozenset({"rule_ids", "messages", "detail"})
_INSERT_EVENT = (
    f"INSERT INTO attack_event ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"
)
_UPSERT_ROLLUP = (
    "INSERT INTO {table} (oem_id, dim, {bucket}, value, attacks, blocked) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (oem_id, dim, {bucket}, value) DO UPDATE SET "
    "attacks = {table}.attacks + excluded.attacks, blocked = {table}.blocked + excluded.blocked"
)


def _sqlite_time(moment: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite DATETIME text (cloudwaf.models.base.UTCDateTime)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_event_tuples(rows: Sequence[dict[str, Any]]) -> list[tuple]:
    dumped: dict[tuple, str] = {}

    def cached_json(values: list) -> str:
        key = tuple(values)
        text = dumped.get(key)
        if text is None:
            text = dumped[key] = json.dumps(values)
        return text

    out = []
    for row in rows:
        values = []
        for name in _EVENT_COLUMNS:
            value = row[name]
            if name == "time":
                value = _sqlite_time(value)
            elif name == "detail":
                value = json.dumps(value)
            elif name in _EVENT_JSON:
                value = cached_json(value)
            values.append(value)
        out.append(tuple(values))
    return out


def insert_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """The raw rows of a batch: one executemany (Core on PostgreSQL, the driver on SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(_INSERT_EVENT, _sqlite_event_tuples(rows))
    else:
        # Core executemany: one prepared statement for the batch (the ORM bulk path splits
        # batches by which columns are None, which costs an order of magnitude).
        session.execute(AttackEvent.__table__.insert(), rows)


def _dimension_values(rows: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Per rollup dimension (except rule_id), the value of each row, as stored in the rollups."""
    cut = VALUE_CHARS
    return {
        "domain": [r["domain"][:cut] for r in rows],
        "node": [r["node_name"] or str(r["node_id"]) for r in rows],
        "country": [r["country"] for r in rows],
        "asn": ["" if r["asn"] is None else str(r["asn"]) for r in rows],
        "attack_type": [r["attack_type"] for r in rows],
        "method": [r["method"] for r in rows],
        "status": [str(r["status"]) for r in rows],
        "client_ip": [r["client_ip"] for r in rows],
        "uri_path": [r["uri_path"][:cut] for r in rows],
        "user_agent": [r["user_agent"][:cut] for r in rows],
    }


def _rollup_tuples(
    oem_ids: list[int],
    buckets: list[Any],
    blocked: list[bool],
    columns: Mapping[str, list[str]],
    rule_pairs: list[tuple[int, str]],
) -> list[tuple]:
    """(oem_id, dim, bucket, value, attacks, blocked) per distinct key, sorted (concurrent batches
    then lock rollup rows in one order and cannot deadlock). Each dimension is counted over
    zipped columns, a C loop, instead of a Python loop per event and dimension."""
    out = []
    for dim, values in columns.items():
        keys = list(zip(oem_ids, buckets, values, strict=True))
        attacks = Counter(keys)
        blocks = Counter(compress(keys, blocked))
        out += [(o, dim, b, v, n, blocks[(o, b, v)]) for (o, b, v), n in attacks.items()]
    if rule_pairs:
        keys = [(oem_ids[i], buckets[i], rule) for i, rule in rule_pairs]
        attacks = Counter(keys)
        blocks = Counter(compress(keys, [blocked[i] for i, _ in rule_pairs]))
        out += [(o, "rule_id", b, v, n, blocks[(o, b, v)]) for (o, b, v), n in attacks.items()]
    out.sort()
    return out


def add_attack_rollups(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    rows = list(rows)
    if not rows:
        return
    is_sqlite = session.get_bind().dialect.name == "sqlite"
    oem_ids = [r["oem_id"] for r in rows]
    blocked = [r["action"] == "blocked" for r in rows]
    hour_of = {t: _hour(t) for t in {r["time"] for r in rows}}
    hours = [hour_of[r["time"]] for r in rows]
    bucket_of = {h: (_sqlite_time(h) if is_sqlite else h, _day(h)) for h in set(hours)}
    day_of = {d: _sqlite_time(d) if is_sqlite else d for _, d in bucket_of.values()}
    columns = _dimension_values(rows)
    rule_pairs = [(i, str(rule)) for i, r in enumerate(rows) for rule in dict.fromkeys(r["rule_ids"])]
    hourly = _rollup_tuples(oem_ids, [bucket_of[h][0] for h in hours], blocked, columns, rule_pairs)
    daily = _rollup_tuples(
        oem_ids, [day_of[bucket_of[h][1]] for h in hours], blocked, {d: columns[d] for d in DAY_DIMS}, []
    )
    for model, bucket, tuples in ((ChartAttackHour, "hour", hourly), (ChartAttackDay, "day", daily)):
        if not tuples:
            continue
        if is_sqlite:
            sql = _UPSERT_ROLLUP.format(table=model.__tablename__, bucket=bucket)
            session.connection().exec_driver_sql(sql, tuples)
        else:
            names = ("oem_id", "dim", bucket, "value", "attacks", "blocked")
            dicts = [dict(zip(names, t, strict=True)) for t in tuples]
            _upsert(session, model, dicts, ("oem_id", "dim", bucket, "value"), ("attacks", "blocked"))


def add_traffic_rollups(session: Session, minute_rows: Iterable[dict[str, Any]]) -> None:
    sums: dict[tuple[int, datetime, str], dict[str, int]] = {}
    for row in minute_rows:
        acc = sums.setdefault(
            (row["oem_id"], _hour(row["minute"]), row["domain"]), dict.fromkeys(TRAFFIC_FIELDS, 0)
        )
        for name in TRAFFIC_FIELDS:
            acc[name] += row.get(name, 0)
    out = [dict(oem_id=o, hour=h, domain=d, **acc) for (o, h, d), acc in sums.items()]
    _upsert(session, ChartTrafficHour, out, ("oem_id", "hour", "domain"), TRAFFIC_FIELDS)
