"""Chart queries: validation against the whitelist, interval choice, the per-principal rate limit,
and the call into the event store (whose failures become 4001 without internals)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.chart.analytics import ATTACK_METRICS, EVENT_DIMS, TRAFFIC_DIMS, TRAFFIC_METRICS, AnalyticsQuery
from cloudwaf.chart.errors import ChartQueryFailed, ChartRateLimited, InvalidField, InvalidTimeRange
from cloudwaf.chart.query.repository import QueryQuotaRepository
from cloudwaf.chart.query.schemas import ChartQuery, ChartResult, SeriesPoint, TopRow
from cloudwaf.chart.store import EventStore
from cloudwaf.config import Settings
from cloudwaf.geoip.countries import country_name
from cloudwaf.kit.time import parse_instant

log = logging.getLogger("cloudwaf.chart")

STEPS = {"1m": 60, "5m": 300, "1h": 3600, "1d": 86400}
# The widest span each interval may cover (keeps a series to at most ~10,000 points).
MAX_SPAN = {
    "1m": timedelta(days=7),
    "5m": timedelta(days=31),
    "1h": timedelta(days=400),
    "1d": timedelta(days=3660),
}
# auto: the finest interval that still reads few rows (whole hours come from rollups).
AUTO = ((timedelta(hours=2), "1m"), (timedelta(hours=12), "5m"), (timedelta(days=14), "1h"))


def _instant(value: str | int, name: str) -> datetime:
    try:
        return parse_instant(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise InvalidTimeRange(f"{name}: {exc}") from exc


def time_range(stime: str | int, etime: str | int) -> tuple[datetime, datetime]:
    start, end = _instant(stime, "stime"), _instant(etime, "etime")
    if start >= end:
        raise InvalidTimeRange("stime must be before etime")
    return start, end


def choose_interval(interval: str, span: timedelta) -> str:
    if interval == "auto":
        return next((name for limit, name in AUTO if span <= limit), "1d")
    if span > MAX_SPAN[interval]:
        raise InvalidTimeRange(f"interval {interval} covers at most {MAX_SPAN[interval].days} days")
    return interval


def analytics_query(body: ChartQuery) -> tuple[AnalyticsQuery, str]:
    """The validated store query and the interval used. 4003 names the first field not allowed."""
    traffic = body.metric in TRAFFIC_METRICS
    if not traffic and body.metric not in ATTACK_METRICS:
        raise InvalidField(f"unknown metric: {body.metric}")
    allowed = TRAFFIC_DIMS if traffic else EVENT_DIMS
    for name in [*body.dimensions, *body.filters]:
        if name not in allowed:
            raise InvalidField(f"field not allowed for metric {body.metric}: {name}")
    filters: dict[str, tuple[str, ...]] = {}
    for name, value in body.filters.items():
        values = tuple(str(v) for v in (value if isinstance(value, list) else [value]))
        if name in ({"node"} if traffic else {"asn", "status", "rule_id"}) and not all(
            v.isdigit() for v in values
        ):
            raise InvalidField(f"field {name} takes integers")
        if values:
            filters[name] = values
    stime, etime = time_range(body.stime, body.etime)
    interval = choose_interval(body.interval, etime - stime)
    return AnalyticsQuery(
        metric=body.metric,
        stime=stime,
        etime=etime,
        step=STEPS[interval],
        dimension=body.dimensions[0] if body.dimensions else None,
        filters=filters,
        limit=body.limit,
    ), interval


def principal_key(principal: Principal) -> str:
    return f"apikey:{principal.api_key_id}" if principal.api_key_id else f"user:{principal.user_id}"


def check_rate(
    session: Session, settings: Settings, principal: Principal, now: datetime | None = None
) -> None:
    now = now or datetime.now(UTC)
    window = settings.chart_query_window_seconds
    start = int(now.timestamp()) // window * window
    count = QueryQuotaRepository(session).hit(principal_key(principal), datetime.fromtimestamp(start, UTC))
    if count > settings.chart_query_limit:
        retry_after = max(1, start + window - int(now.timestamp()))
        raise ChartRateLimited(
            f"at most {settings.chart_query_limit} chart queries per {window} s", retry_after=retry_after
        )


def label(dimension: str, key: str) -> str:
    return country_name(key) or key if dimension == "country" else key


def run_query(store: EventStore, principal: Principal, query: AnalyticsQuery, interval: str) -> ChartResult:
    try:
        if query.dimension is None:
            points = store.query_series(principal.scope, query)
            return ChartResult(
                kind="series",
                metric=query.metric,
                stime=query.stime,
                etime=query.etime,
                interval=interval,
                points=[SeriesPoint(time=t, value=v) for t, v in points],
            )
        rows = store.query_top(principal.scope, query)
    except SQLAlchemyError as exc:
        log.error("chart query failed: %s", type(exc).__name__, exc_info=exc)
        raise ChartQueryFailed() from exc
    return ChartResult(
        kind="top",
        metric=query.metric,
        stime=query.stime,
        etime=query.etime,
        dimension=query.dimension,
        rows=[TopRow(key=k, label=label(query.dimension, k), value=v) for k, v in rows],
    )
