"""Events and analytics through zcloud, including the retry on a real 4005 from the server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from cloudwaf.chart.store import AttackEventIn, SqlEventStore
from cloudwaf.db import create_db_engine
from tests.live_server import LiveServer, live_server
from tests.zcloud.conftest import AUTOMATION_SCOPES, Zcloud

QUERY_LIMIT = 2
WINDOW = 20  # wide enough for three CLI start-ups on a loaded 2-core machine


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("zcloud-chart")
    with live_server(data, CLOUDWAF_CHART_QUERY_LIMIT=str(QUERY_LIMIT),
                     CLOUDWAF_CHART_QUERY_WINDOW_SECONDS=str(WINDOW)) as running:
        engine = create_db_engine(f"sqlite:///{data / 'cloudwaf.db'}")
        now = datetime.now(UTC)
        with Session(engine) as session, session.begin():
            SqlEventStore(session).ingest_events([
                AttackEventIn(oem_id=1, node_id=1, time=now - timedelta(minutes=i), domain="shop.example",
                              client_ip=f"203.0.113.{i}", method="GET", uri=f"/?id={i}%27%20OR%201=1--",
                              action="blocked", rule_ids=[942100], messages=["SQL Injection Attack Detected"],
                              anomaly_score=5, event_id=f"ev-{i}", headers={"Cookie": "sid=secret"})
                for i in range(1, 6)
            ])
        engine.dispose()
        yield running


def test_events_list_get_and_tail(zcloud: Zcloud) -> None:
    listed = zcloud("--output", "json", "events", "list", "--since", "1h", "--domain", "shop.example")
    assert listed.code == 0, listed.stderr
    items = listed.json()["items"]
    assert len(items) == 5 and items[0]["client_ip"] == "203.0.113.1"  # newest first
    detail = zcloud("--output", "json", "events", "get", str(items[0]["id"]))
    assert detail.code == 0, detail.stderr
    assert 942100 in detail.json()["rule_ids"]
    assert "secret" not in detail.stdout  # cookies are masked
    tail = zcloud("events", "tail", "--since", "1h")
    assert tail.code == 0, tail.stderr
    lines = [line for line in tail.stdout.splitlines() if "shop.example" in line]
    assert len(lines) == 5 and "203.0.113.5" in lines[0]  # oldest first


def _fresh_window() -> None:
    """Quota windows are aligned to multiples of WINDOW: start a burst just after a boundary."""
    time.sleep(WINDOW - time.time() % WINDOW + 0.2)


def _use_up_quota(server: LiveServer, key: str) -> None:
    """Spend the window's quota with fast direct calls, so the next zcloud call meets a real 4005."""
    _fresh_window()
    now = int(time.time())
    for _ in range(QUERY_LIMIT):
        response = httpx.post(f"{server.url}/api/v1/chart/query", headers={"Authorization": f"ApiKey {key}"},
                              json={"metric": "attacks", "stime": now - 3600, "etime": now})
        assert response.status_code == 200, response.text


def test_rate_limited_query_waits_retry_after_then_succeeds(server: LiveServer, api_key: str,
                                                            zcloud: Zcloud) -> None:
    _use_up_quota(server, api_key)
    started = time.monotonic()
    result = zcloud("--output", "json", "chart", "query", "--metric", "attacks", "--by", "client_ip",
                    "--since", "1h")
    assert result.code == 0, result.stderr
    assert "rate limited (code 4005); retrying in" in result.stderr
    assert time.monotonic() - started >= 1
    rows = result.json()["rows"]
    assert {row["key"] for row in rows} == {f"203.0.113.{i}" for i in range(1, 6)}


def test_rate_limit_without_retries_exits_6_with_the_code(server: LiveServer, api_key: str,
                                                          zcloud: Zcloud) -> None:
    _use_up_quota(server, api_key)
    result = zcloud("--retries", "0", "chart", "query", "--metric", "attacks", "--since", "1h")
    assert result.code == 6
    assert result.stderr.startswith("error 4005: ")


def test_export_events_csv(zcloud: Zcloud, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    _fresh_window()
    result = zcloud("chart", "export", "--source", "events", "--since", "1h", "-o", str(out))
    assert result.code == 0, result.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 6  # header + 5 events
    assert "shop.example" in lines[1]


@pytest.fixture(scope="module")
def api_key(server: LiveServer) -> str:
    return server.api_key(AUTOMATION_SCOPES, name="zcloud-chart")
