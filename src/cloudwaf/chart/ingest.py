"""Ingest-side work of the SQL event store: enrich and shape attack events, and keep the hourly
rollups current in the same transaction as the raw rows (so they can never disagree).

Rollups are summed per batch in Python first: a batch of a thousand events touches a few dozen
rollup rows, written with one multi-row upsert.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cloudwaf.geoip.lookup import enrich
from cloudwaf.models import ChartAttackHour, ChartTrafficHour

# Dimensions rolled up per hour: low cardinality, so the rollup stays small. client_ip, uri_path
# and user_agent are answered from raw events (indexed by OEM and time).
ROLLUP_DIMS = ("domain", "node", "country", "asn", "attack_type", "rule_id", "method", "status")

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


def event_row(event: Any) -> dict[str, Any]:
    """Column values of one AttackEventIn: GeoIP country/ASN when the node did not send them, the
    path without query, the attack class, and the detail blob (masked)."""
    country, asn = event.country, event.asn
    if not country or asn is None:
        found_country, found_asn = enrich(event.client_ip)
        country = country or found_country
        asn = asn if asn is not None else found_asn
    headers = mask_headers(event.headers)
    user_agent = next((v for k, v in event.headers.items() if str(k).lower() == "user-agent"), "")
    detail = {
        "request_line": f"{event.method} {event.uri} {event.protocol}".strip(),
        "headers": headers,
        "matched": list(event.matched)[:50],
        "config_version": event.config_version,
    }
    return dict(
        oem_id=event.oem_id,
        node_id=event.node_id,
        node_name=event.node_name,
        time=event.time,
        domain=event.domain,
        client_ip=event.client_ip,
        country=country,
        asn=asn,
        method=event.method,
        uri=event.uri,
        uri_path=uri_path(event.uri),
        status=event.status,
        rule_ids=list(event.rule_ids),
        messages=list(event.messages),
        anomaly_score=event.anomaly_score,
        action=event.action,
        event_id=event.event_id,
        user_agent=str(user_agent)[:512],
        attack_type=attack_type(event.rule_ids),
        detail=detail,
    )


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _upsert(
    session: Session, model: type, rows: list[dict[str, Any]], keys: Sequence[str], sums: Sequence[str]
) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(model, name) + getattr(stmt.excluded, name) for name in sums},
    )
    # Sorted keys: concurrent batches lock rollup rows in one order, so they cannot deadlock.
    rows.sort(key=lambda r: tuple(str(r[k]) for k in keys))
    session.execute(stmt, rows)


def add_attack_rollups(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    attacks: Counter[tuple[int, str, datetime, str]] = Counter()
    blocked: Counter[tuple[int, str, datetime, str]] = Counter()
    for row in rows:
        hour = _hour(row["time"])
        values = {
            "domain": row["domain"],
            "node": row["node_name"] or str(row["node_id"]),
            "country": row["country"],
            "asn": "" if row["asn"] is None else str(row["asn"]),
            "attack_type": row["attack_type"],
            "method": row["method"],
            "status": str(row["status"]),
        }
        keys = [(row["oem_id"], dim, hour, value) for dim, value in values.items()]
        keys += [(row["oem_id"], "rule_id", hour, str(rule)) for rule in dict.fromkeys(row["rule_ids"])]
        for key in keys:
            attacks[key] += 1
            if row["action"] == "blocked":
                blocked[key] += 1
    out = [
        dict(oem_id=o, dim=d, hour=h, value=v[:253], attacks=n, blocked=blocked[(o, d, h, v)])
        for (o, d, h, v), n in attacks.items()
    ]
    _upsert(session, ChartAttackHour, out, ("oem_id", "dim", "hour", "value"), ("attacks", "blocked"))


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
