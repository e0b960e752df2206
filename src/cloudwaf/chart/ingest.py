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

# Dimensions answered from rollups: top-N without filters, series with one filter value.
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
# The ones with thousands of values per hour are rolled up per UTC day (chart_attack_day), with
# the attacks of each hour of the day in the same row (h00..h23): a 7-day top-N reads whole days
# and the whole hours of the two edge days from there, and an event costs one upsert per such
# dimension instead of an hourly and a daily one. The others are rolled up per hour
# (chart_attack_hour).
DAY_DIMS = ("asn", "client_ip", "uri_path", "user_agent")
HOUR_DIMS = tuple(d for d in ROLLUP_DIMS if d not in DAY_DIMS)
HOUR_SLOTS = tuple(f"h{h:02d}" for h in range(24))  # chart_attack_day columns, by UTC hour
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

    _time_texts: list[str] | None = None

    def time_texts(self) -> list[str]:
        """The times as SQLite DATETIME text, converted once per batch."""
        if self._time_texts is None:
            self._time_texts = [_sqlite_time(t) for t in self["time"]]
        return self._time_texts

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
_UPSERT_HOUR = (
    "INSERT INTO chart_attack_hour (oem_id, dim, hour, value, attacks, blocked) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (oem_id, dim, hour, value) DO UPDATE SET "
    "attacks = chart_attack_hour.attacks + excluded.attacks, "
    "blocked = chart_attack_hour.blocked + excluded.blocked"
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
        converted["time"] = columns.time_texts()
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
    """(oem_id, dim, bucket, value, attacks, blocked) per distinct key, in (dim, oem_id, bucket,
    value) order: concurrent batches then lock rollup rows in one order and cannot deadlock, and
    the upserts walk the key's B-tree forward. A batch mostly holds one OEM and one hour: values
    are counted as plain strings per (oem_id, bucket) group with Counter (a C loop), not as
    tuples, and only batches that span groups are split first."""
    groups: dict[tuple[int, Any], list[int]] = {}
    for i, key in enumerate(zip(oem_ids, buckets, strict=True)):
        group = groups.get(key)
        if group is None:
            groups[key] = [i]
        else:
            group.append(i)
    dims: dict[str, tuple[list[str], list[bool], list[int] | None]] = {
        dim: (values, blocked, None) for dim, values in columns.items()
    }
    if rule_pairs:
        rows = [i for i, _ in rule_pairs]
        dims["rule_id"] = ([rule for _, rule in rule_pairs], [blocked[i] for i in rows], rows)
    out = []
    for dim in sorted(dims):
        values, blocks_of, rows = dims[dim]
        for (oem_id, bucket), members in sorted(groups.items()):
            if len(groups) == 1:
                part, part_blocked = values, blocks_of
            else:
                wanted = set(members)
                picks = [j for j, i in enumerate(rows) if i in wanted] if rows is not None else members
                part = [values[j] for j in picks]
                part_blocked = [blocks_of[j] for j in picks]
            attacks = Counter(part)
            blocks = Counter(compress(part, part_blocked))
            out += [
                (oem_id, dim, bucket, value, n, blocks.get(value, 0))
                for value, n in sorted(attacks.items())
            ]
    return out


def add_attack_rollups(session: Session, columns: EventColumns) -> None:
    times = columns["time"]
    if not times:
        return
    is_sqlite = session.get_bind().dialect.name == "sqlite"
    oem_ids = columns["oem_id"]
    blocked = [action == "blocked" for action in columns["action"]]
    if is_sqlite:
        # hour and day as the stored text, cut from the time text (cheaper than a datetime each)
        texts = columns.time_texts()
        hour_text = {t[:13]: t[:13] + ":00:00.000000" for t in texts}
        hours = [hour_text[t[:13]] for t in texts]
        day_of = {h: h[:10] + " 00:00:00.000000" for h in hour_text.values()}
        slot_of = {h: int(h[11:13]) for h in day_of}
    else:
        hour_of = {t: _hour(t) for t in set(times)}
        hours = [hour_of[t] for t in times]
        day_of = {h: _day(h) for h in set(hours)}
        slot_of = {h: h.astimezone(UTC).hour for h in day_of}
    values = _dimension_values(columns)
    rule_pairs = [
        (i, str(rule)) for i, rules in enumerate(columns["rule_ids"]) for rule in dict.fromkeys(rules)
    ]
    hour_values = {d: values[d] for d in HOUR_DIMS if d != "rule_id"}  # rule_id: from rule_pairs
    hourly = _rollup_tuples(oem_ids, hours, blocked, hour_values, rule_pairs)
    by_hour = _rollup_tuples(oem_ids, hours, blocked, {d: values[d] for d in DAY_DIMS}, [])
    slots, daily = _day_rows(by_hour, day_of, slot_of)
    if is_sqlite:
        connection = session.connection()
        if hourly:
            connection.exec_driver_sql(_UPSERT_HOUR, hourly)
        if daily:
            connection.exec_driver_sql(_sqlite_day_upsert(slots), daily)
        return
    for model, bucket, tuples, extra in (
        (ChartAttackHour, "hour", hourly, ()),
        (ChartAttackDay, "day", daily, slots),
    ):
        if tuples:
            names = ("oem_id", "dim", bucket, "value", "attacks", "blocked", *extra)
            dicts = [dict(zip(names, t, strict=True)) for t in tuples]
            keys = ("oem_id", "dim", bucket, "value")
            _upsert(session, model, dicts, keys, ("attacks", "blocked", *extra))


def _day_rows(
    by_hour: list[tuple], day_of: Mapping[Any, Any], slot_of: Mapping[Any, int]
) -> tuple[tuple[str, ...], list[tuple]]:
    """Hourly rollup tuples folded into day rows: (the hour columns the batch touches, rows of
    (oem_id, dim, day, value, attacks, blocked, one count per touched hour column)), in key order
    (dim, oem_id, day, value)."""
    hours = sorted(set(slot_of.values()))
    if len(hours) == 1:  # the usual batch: one hour, one row per hourly tuple
        return (HOUR_SLOTS[hours[0]],), [(o, d, day_of[b], v, n, x, n) for o, d, b, v, n, x in by_hour]
    index = {h: i for i, h in enumerate(hours)}
    merged: dict[tuple, list[int]] = {}
    for oem_id, dim, bucket, value, attacks, blocks in by_hour:
        key = (dim, oem_id, day_of[bucket], value)
        acc = merged.get(key)
        if acc is None:
            acc = merged[key] = [0] * (2 + len(hours))
        acc[0] += attacks
        acc[1] += blocks
        acc[2 + index[slot_of[bucket]]] += attacks
    rows = [(o, d, day, v, *acc) for (d, o, day, v), acc in sorted(merged.items())]
    return tuple(HOUR_SLOTS[h] for h in hours), rows


def _sqlite_day_upsert(slots: Sequence[str]) -> str:
    columns = ", ".join(slots)
    sums = "".join(f", {c} = chart_attack_day.{c} + excluded.{c}" for c in slots)
    return (
        f"INSERT INTO chart_attack_day (oem_id, dim, day, value, attacks, blocked, {columns}) "
        f"VALUES (?, ?, ?, ?, ?, ?{', ?' * len(slots)}) "
        "ON CONFLICT (oem_id, dim, day, value) DO UPDATE SET "
        "attacks = chart_attack_day.attacks + excluded.attacks, "
        f"blocked = chart_attack_day.blocked + excluded.blocked{sums}"
    )


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
