"""POST chart/query on SQLite and PostgreSQL: series and top-N, rollups vs raw rows, 4001-4005."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from cloudwaf.config import Settings
from tests.chart.helpers import T0, attack, ingest, iso, minutes
from tests.factories import bearer_headers, make_oem, make_user
from tests.geoip.helpers import limited_headers

URL = "/api/v1/chart/query"


def _user(db):  # noqa: ANN001, ANN202
    oem = make_oem(db)
    return oem, bearer_headers(db, make_user(db, oem, "auditor"))


def test_series_adds_rollup_hours_and_minute_edges_exactly(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    # 00:30 .. 03:30: the edges come from minutes, 01:00-03:00 from the hourly rollup.
    ingest(db, counters=minutes(oem.id, T0 + timedelta(minutes=30), 180))
    body = {
        "metric": "requests",
        "stime": iso(T0 + timedelta(minutes=30)),
        "etime": iso(T0 + timedelta(hours=3, minutes=30)),
        "interval": "1h",
    }
    data = client.post(URL, json=body, headers=headers).json()["data"]
    assert data["kind"] == "series" and data["interval"] == "1h"
    assert [p["value"] for p in data["points"]] == [300.0, 600.0, 600.0, 300.0]
    assert data["points"][0]["time"].startswith("2026-11-02T00:00:00")
    five = client.post(URL, json={**body, "interval": "5m"}, headers=headers).json()["data"]
    assert len(five["points"]) == 36 and {p["value"] for p in five["points"]} == {50.0}
    latency = client.post(URL, json={**body, "metric": "upstream_latency"}, headers=headers).json()["data"]
    assert {p["value"] for p in latency["points"]} == {20.0}


def test_top_n_from_rollups_and_from_raw_rows_agree(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    events = [attack(oem.id, T0 + timedelta(hours=h, minutes=5), ip="8.8.8.8") for h in range(30)]
    events += [
        attack(oem.id, T0 + timedelta(hours=h, minutes=7), ip="1.1.1.1", rules=[941100]) for h in range(10)
    ]
    events += [
        attack(oem.id, T0 + timedelta(hours=2), ip="9.9.9.9", domain="blog.example", action="detected")
    ]
    ingest(db, events)
    week = {"stime": iso(T0), "etime": iso(T0 + timedelta(days=7))}
    top = client.post(
        URL, json={"metric": "attacks", "dimensions": ["country"], **week}, headers=headers
    ).json()
    assert top["code"] == 0
    assert [(r["key"], r["label"], r["value"]) for r in top["data"]["rows"]] == [
        ("US", "United States", 30.0),
        ("AU", "Australia", 10.0),
        ("CH", "Switzerland", 1.0),
    ]
    filtered = client.post(
        URL,
        json={"metric": "attacks", "dimensions": ["country"], **week, "filters": {"domain": "shop.example"}},
        headers=headers,
    ).json()["data"]
    assert [(r["key"], r["value"]) for r in filtered["rows"]] == [("US", 30.0), ("AU", 10.0)]
    rules = client.post(
        URL, json={"metric": "attacks", "dimensions": ["rule_id"], **week, "limit": 2}, headers=headers
    ).json()["data"]["rows"]
    assert [(r["key"], r["value"]) for r in rules] == [("942100", 31.0), ("949110", 31.0)]
    raw_rules = client.post(
        URL,
        json={"metric": "attacks", "dimensions": ["rule_id"], **week, "filters": {"action": "blocked"}},
        headers=headers,
    ).json()["data"]["rows"]
    assert [(r["key"], r["value"]) for r in raw_rules] == [
        ("942100", 30.0),
        ("949110", 30.0),
        ("941100", 10.0),
    ]
    by_type = client.post(
        URL,
        json={"metric": "attacks", "dimensions": ["attack_type"], **week, "filters": {"rule_id": 941100}},
        headers=headers,
    ).json()["data"]["rows"]
    assert [(r["key"], r["value"]) for r in by_type] == [("xss", 10.0)]
    asn = client.post(URL, json={"metric": "attacks", "dimensions": ["asn"], **week}, headers=headers).json()
    assert [(r["key"], r["value"]) for r in asn["data"]["rows"]] == [("15169", 30.0), ("13335", 10.0)]
    ips = client.post(URL, json={"metric": "unique_ips", **week, "interval": "1d"}, headers=headers).json()
    assert [p["value"] for p in ips["data"]["points"]][:2] == [3.0, 1.0]
    series = client.post(
        URL,
        json={"metric": "attacks", **week, "interval": "1d", "filters": {"country": "AU"}},
        headers=headers,
    ).json()["data"]["points"]
    assert [p["value"] for p in series][:2] == [10.0, 0.0]


def test_queries_are_scoped_to_the_callers_oem(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    other = make_oem(db)
    ingest(db, [attack(other.id, T0 + timedelta(minutes=1))], minutes(other.id, T0, 60))
    week = {"stime": iso(T0), "etime": iso(T0 + timedelta(days=1))}
    top = client.post(
        URL, json={"metric": "attacks", "dimensions": ["domain"], **week}, headers=headers
    ).json()
    assert top["data"]["rows"] == []
    series = client.post(URL, json={"metric": "requests", **week}, headers=headers).json()["data"]["points"]
    assert all(p["value"] == 0 for p in series)


def test_fields_outside_the_whitelist_are_4003_naming_the_field(client, db) -> None:  # noqa: ANN001
    _, headers = _user(db)
    base = {"stime": iso(T0), "etime": iso(T0 + timedelta(hours=1))}
    for body, field in (
        ({"metric": "passwords"}, "passwords"),
        ({"metric": "attacks", "dimensions": ["secret_column"]}, "secret_column"),
        ({"metric": "requests", "dimensions": ["country"]}, "country"),
        ({"metric": "attacks", "filters": {"oem_id": 1}}, "oem_id"),
    ):
        resp = client.post(URL, json={**base, **body}, headers=headers)
        assert (resp.status_code, resp.json()["code"]) == (400, 4003)
        assert field in resp.json()["message"]


def test_bad_time_ranges_are_4002(client, db) -> None:  # noqa: ANN001
    _, headers = _user(db)
    cases = [
        {"stime": iso(T0 + timedelta(hours=1)), "etime": iso(T0)},
        {"stime": iso(T0), "etime": iso(T0 + timedelta(days=8)), "interval": "1m"},
        {"stime": "yesterday", "etime": iso(T0)},
    ]
    for case in cases:
        resp = client.post(URL, json={"metric": "requests", **case}, headers=headers)
        assert (resp.status_code, resp.json()["code"]) == (400, 4002), case
    unix = {"stime": int(T0.timestamp()), "etime": str(int(T0.timestamp()) + 3600)}
    assert client.post(URL, json={"metric": "requests", **unix}, headers=headers).json()["code"] == 0


def test_storage_failure_is_4001_without_internals(client, db) -> None:  # noqa: ANN001
    _, headers = _user(db)
    db.execute(text("ALTER TABLE chart_attack_hour RENAME TO chart_attack_hour_gone"))
    resp = client.post(
        URL,
        json={
            "metric": "attacks",
            "dimensions": ["country"],
            "stime": iso(T0),
            "etime": iso(T0 + timedelta(days=2)),
        },
        headers=headers,
    )
    assert (resp.status_code, resp.json()["code"]) == (500, 4001)
    assert "chart_attack_hour" not in resp.json()["message"] and "SELECT" not in resp.json()["message"]


def test_rate_limit_is_4005_with_retry_after_and_counted_in_the_database(app, client, db) -> None:  # noqa: ANN001
    app.state.settings = app.state.settings.model_copy(
        update={"chart_query_limit": 2, "chart_query_window_seconds": 3600}
    )
    _, headers = _user(db)
    body = {"metric": "requests", "stime": iso(T0), "etime": iso(T0 + timedelta(hours=1))}
    assert [client.post(URL, json=body, headers=headers).json()["code"] for _ in range(2)] == [0, 0]
    resp = client.post(URL, json=body, headers=headers)
    assert (resp.status_code, resp.json()["code"]) == (429, 4005)
    assert 1 <= int(resp.headers["Retry-After"]) <= 3600
    counted = db.execute(text("SELECT max(count) FROM chart_query_quota")).scalar()
    assert counted >= 2


def test_permission_is_required(client, db) -> None:  # noqa: ANN001
    oem = make_oem(db)
    headers = limited_headers(db, oem, ["chart.event.read"])
    resp = client.post(
        URL,
        json={"metric": "requests", "stime": iso(T0), "etime": iso(T0 + timedelta(hours=1))},
        headers=headers,
    )
    assert (resp.status_code, resp.json()["code"]) == (403, 1011)


def test_settings_defaults_keep_raw_events_shorter_than_rollups() -> None:
    settings = Settings()
    assert settings.chart_event_retention_days < settings.chart_hour_retention_days
