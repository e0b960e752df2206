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

from cloudwaf.geoip.lookup import enrich_many
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


def _headers_view(headers: Mapping[str, Any]) -> tuple[dict[str, str], str]:
    """(masked headers, user agent cut to 512 characters) of an event's request headers."""
    user_agent = ""
    for key, value in headers.items():
        if str(key).lower() == "user-agent":
            user_agent = str(value)[:512]
            break
    return (mask_headers(headers) if headers else {}), user_agent


class EventColumns(dict):
    """The column values of a batch of events, one list per attack_event column (as the ORM
    stores them, except `detail`: a dict, or its JSON text when shaped for the SQLite driver)."""

    def rows(self) -> list[dict[str, Any]]:
        names = list(self)
        return [dict(zip(names, values, strict=True)) for values in zip(*self.values(), strict=True)]


def event_columns(batch: Sequence[Any], *, json_detail: bool = False) -> EventColumns:
    """Column values of AttackEventIn objects: GeoIP country/ASN when the node did not send them,
    the path without query, the attack class, and the detail blob (masked). Built a column at a
    time; work that depends only on a repeated value (the GeoIP of an address, the class of a rule
    list, the path of a URI, the masked headers) is done once per distinct value in the batch."""
    geo = enrich_many(e.client_ip for e in batch if not e.country or e.asn is None)
    types: dict[tuple[int, ...], str] = {}
    paths: dict[str, str] = {}
    views: dict[Any, tuple[dict[str, str], str]] = {}
    countries, asns, kinds, uri_paths, header_views = [], [], [], [], []
    for event in batch:
        country, asn = event.country, event.asn
        if not country or asn is None:
            found = geo[event.client_ip]
            country = country or found[0]
            asn = asn if asn is not None else found[1]
        countries.append(country)
        asns.append(asn)
        rule_key = tuple(event.rule_ids)
        kind = types.get(rule_key)
        if kind is None:
            kind = types[rule_key] = attack_type(list(rule_key))
        kinds.append(kind)
        path = paths.get(event.uri)
        if path is None:
            path = paths[event.uri] = uri_path(event.uri)
        uri_paths.append(path)
        headers = event.headers
        try:
            key = tuple(headers.items())
            view = views.get(key)
            if view is None:
                view = views[key] = _headers_view(headers)
        except TypeError:  # an unhashable header value: not cached
            view = _headers_view(headers)
        header_views.append(view)
    columns = EventColumns(
        oem_id=[e.oem_id for e in batch],
        node_id=[e.node_id for e in batch],
        node_name=[e.node_name for e in batch],
        time=[e.time for e in batch],
        domain=[e.domain for e in batch],
        client_ip=[e.client_ip for e in batch],
        country=countries,
        method=[e.method for e in batch],
        uri=[e.uri for e in batch],
        status=[e.status for e in batch],
        rule_ids=[list(e.rule_ids) for e in batch],
        messages=[list(e.messages) for e in batch],
        anomaly_score=[e.anomaly_score for e in batch],
        action=[e.action for e in batch],
        event_id=[e.event_id for e in batch],
        asn=asns,
        uri_path=uri_paths,
        user_agent=[view[1] for view in header_views],
        attack_type=kinds,
        detail=(_detail_texts if json_detail else _detail_dicts)(batch, header_views),
    )
    return columns


def _request_line(event: Any) -> str:
    return f"{event.method} {event.uri} {event.protocol}".strip()


def _detail_dicts(batch: Sequence[Any], views: Sequence[tuple[dict[str, str], str]]) -> list[dict]:
    return [
        {
            "request_line": _request_line(event),
            "headers": dict(view[0]),
            "matched": list(event.matched)[:50],
            "config_version": event.config_version,
        }
        for event, view in zip(batch, views, strict=True)
    ]


def _detail_texts(batch: Sequence[Any], views: Sequence[tuple[dict[str, str], str]]) -> list[str]:
    """json.dumps() of the detail dicts, assembled from parts dumped once per distinct value."""
    dumps = json.dumps
    lines: dict[str, str] = {}
    headers: dict[int, str] = {}  # by id() of the cached masked-headers dict (alive in `views`)
    out = []
    for event, view in zip(batch, views, strict=True):
        line = _request_line(event)
        line_text = lines.get(line)
        if line_text is None:
            line_text = lines[line] = dumps(line)
        header_text = headers.get(id(view[0]))
        if header_text is None:
            header_text = headers[id(view[0])] = dumps(view[0])
        matched = dumps(list(event.matched)[:50]) if event.matched else "[]"
        out.append(
            f'{{"request_line": {line_text}, "headers": {header_text}, "matched": {matched}, '
            f'"config_version": {dumps(event.config_version)}}}'
        )
    return out


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
_UPSERT_ROLLUP = (
    "INSERT INTO {table} (oem_id, dim, {bucket}, value, attacks, blocked) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (oem_id, dim, {bucket}, value) DO UPDATE SET "
    "attacks = {table}.attacks + excluded.attacks, blocked = {table}.blocked + excluded.blocked"
)


def _sqlite_time(moment: datetime) -> str:
    """A UTC datetime as SQLAlchemy's SQLite DATETIME text (cloudwaf.models.base.UTCDateTime)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ", "microseconds")[:26]  # "%Y-%m-%d %H:%M:%S.%f"


def _json_texts(values: list[list]) -> list[str]:
    """json.dumps() of each list, once per distinct list."""
    dumped: dict[tuple, str] = {}
    out = []
    for value in values:
        key = tuple(value)
        text = dumped.get(key)
        if text is None:
            text = dumped[key] = json.dumps(value)
        out.append(text)
    return out


def insert_events(session: Session, columns: EventColumns) -> None:
    """The raw rows of a batch: one executemany (Core on PostgreSQL, the driver on SQLite, with
    `columns` shaped by event_columns(json_detail=True))."""
    if session.get_bind().dialect.name == "sqlite":
        converted = dict(columns)
        converted["time"] = [_sqlite_time(t) for t in columns["time"]]
        converted["rule_ids"] = _json_texts(columns["rule_ids"])
        converted["messages"] = _json_texts(columns["messages"])
        names = ", ".join(converted)
        sql = f"INSERT INTO attack_event ({names}) VALUES ({', '.join('?' * len(converted))})"
        session.connection().exec_driver_sql(sql, list(zip(*converted.values(), strict=True)))
    else:
        # Core executemany: one prepared statement for the batch (the ORM bulk path splits
        # batches by which columns are None, which costs an order of magnitude).
        session.execute(AttackEvent.__table__.insert(), columns.rows())


def _dimension_values(columns: Mapping[str, list[Any]]) -> dict[str, list[str]]:
    """Per rollup dimension (except rule_id), the value of each event, as stored in the rollups."""
    cut = VALUE_CHARS
    asn_text = {a: "" if a is None else str(a) for a in set(columns["asn"])}
    status_text = {s: str(s) for s in set(columns["status"])}
    return {
        "domain": [d[:cut] for d in columns["domain"]],
        "node": [
            name or str(node) for name, node in zip(columns["node_name"], columns["node_id"], strict=True)
        ],
        "country": columns["country"],
        "asn": [asn_text[a] for a in columns["asn"]],
        "attack_type": columns["attack_type"],
        "method": columns["method"],
        "status": [status_text[s] for s in columns["status"]],
        "client_ip": columns["client_ip"],
        "uri_path": [p[:cut] for p in columns["uri_path"]],
        "user_agent": [a[:cut] for a in columns["user_agent"]],
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


def add_attack_rollups(session: Session, columns: EventColumns) -> None:
    times = columns["time"]
    if not times:
        return
    is_sqlite = session.get_bind().dialect.name == "sqlite"
    oem_ids = columns["oem_id"]
    blocked = [action == "blocked" for action in columns["action"]]
    hour_of = {t: _hour(t) for t in set(times)}
    hours = [hour_of[t] for t in times]
    bucket_of = {h: (_sqlite_time(h) if is_sqlite else h, _day(h)) for h in set(hours)}
    day_of = {d: _sqlite_time(d) if is_sqlite else d for _, d in bucket_of.values()}
    values = _dimension_values(columns)
    rule_pairs = [
        (i, str(rule)) for i, rules in enumerate(columns["rule_ids"]) for rule in dict.fromkeys(rules)
    ]
    hourly = _rollup_tuples(oem_ids, [bucket_of[h][0] for h in hours], blocked, values, rule_pairs)
    daily = _rollup_tuples(
        oem_ids, [day_of[bucket_of[h][1]] for h in hours], blocked, {d: values[d] for d in DAY_DIMS}, []
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
