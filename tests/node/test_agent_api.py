from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cloudwaf.dataplane.snapshot import NodeSnapshot
from cloudwaf.models import AttackEvent, Oem, TrafficMinute
from cloudwaf.node.agent import service as agent_service
from tests.factories import default_oem

AGENT = "/api/v1/node/agent"


@pytest.fixture
def node(call, admin, client) -> dict:  # noqa: ANN001
    _, _, token = call("POST", "tokens", admin, json={"name": "agent-node"})
    data = client.post(f"{AGENT}/register", json={"token": token["token"], "hostname": "h"}).json()["data"]
    return {**data, "headers": {"Authorization": f"Node {data['credential']}"}}


@pytest.fixture
def group_snapshots(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Stands in for the guard module's domain snapshot: records what was asked for."""
    asked: list[tuple[int, int]] = []

    def build(session, node_group_id: int, version: int, *, secret_key: str) -> NodeSnapshot:  # noqa: ANN001
        asked.append((node_group_id, version))
        return NodeSnapshot(version=version)

    monkeypatch.setattr(agent_service, "build_node_snapshot", build)
    return asked


def test_agent_endpoints_accept_only_node_credentials(client, admin, node) -> None:
    for method, path in (("GET", "/config?wait=0"), ("POST", "/heartbeat"), ("POST", "/logs")):
        assert client.request(method, AGENT + path, headers=admin, json={}).status_code == 401
        assert client.request(method, AGENT + path, json={}).status_code == 401
        bad = {"Authorization": "Node cwn_not-a-real-credential"}
        assert client.request(method, AGENT + path, headers=bad, json={}).status_code == 401
    # ... and nothing else accepts a node credential.
    assert client.get("/api/v1/node/nodes", headers=node["headers"]).status_code == 401
    assert client.get("/api/v1/chart/events", headers=node["headers"]).status_code == 401


def test_node_auth_dependency_is_marked_for_the_route_permission_check() -> None:
    from cloudwaf.node.agent.dependencies import authenticate_node

    assert authenticate_node.permission_key is None and authenticate_node.is_node_auth is True


def test_config_answers_at_once_for_another_version(client, node, group_snapshots, db: Session) -> None:
    current = db.get(Oem, default_oem(db).id).config_version
    started = time.monotonic()
    data = client.get(f"{AGENT}/config", params={"version": 0}, headers=node["headers"]).json()["data"]
    assert time.monotonic() - started < 2
    assert data["version"] == current and data["changed"] is True
    assert data["snapshot"]["version"] == current and data["snapshot"]["node_acl"] == []
    assert group_snapshots == [(node["node_group_id"], current)]


def test_config_waits_then_reports_no_change(client, node, group_snapshots, db: Session) -> None:
    current = db.get(Oem, default_oem(db).id).config_version
    started = time.monotonic()
    response = client.get(
        f"{AGENT}/config", params={"version": current, "wait": 0.6}, headers=node["headers"]
    )
    assert 0.5 <= time.monotonic() - started < 3
    assert response.json()["data"] == {"version": current, "changed": False, "snapshot": None}
    assert group_snapshots == []


def test_config_carries_the_group_node_acl_in_evaluation_order(
    call, admin, client, node, group_snapshots
) -> None:
    _, _, policy = call("POST", "acl-policies", admin, json={"name": "only-lb"})
    url = f"acl-policies/{policy['id']}/rules"
    call("POST", url, admin, json={"cidr": "0.0.0.0/0", "action": "deny", "priority": 100})
    call("POST", url, admin, json={"cidr": "10.0.0.5", "action": "allow", "priority": 1})
    call("PUT", f"groups/{node['node_group_id']}", admin, json={"acl_policy_id": policy["id"]})
    snapshot = client.get(f"{AGENT}/config", params={"version": 0}, headers=node["headers"]).json()["data"][
        "snapshot"
    ]
    assert snapshot["node_acl"] == [
        {"action": "allow", "cidr": "10.0.0.5"},
        {"action": "deny", "cidr": "0.0.0.0/0"},
    ]


def test_heartbeat_updates_status_versions_and_load(call, admin, client, node) -> None:
    body = {
        "applied_version": 7,
        "last_error": None,
        "agent_version": "0.1.0",
        "nginx_version": "1.22.1",
        "load": {"load1": 0.5, "mem_used_pct": 40.0},
        "logs_dropped": 3,
    }
    response = client.post(f"{AGENT}/heartbeat", json=body, headers=node["headers"])
    assert response.status_code == 200 and response.json()["data"]["status"] == "online"
    read = call("GET", f"nodes/{node['node_id']}", admin)[2]
    assert (read["status"], read["applied_version"], read["load"]["load1"], read["logs_dropped"]) == (
        "online",
        7,
        0.5,
        3,
    )
    client.post(f"{AGENT}/heartbeat", json={**body, "last_error": "nginx -t failed"}, headers=node["headers"])
    read = call("GET", f"nodes/{node['node_id']}", admin)[2]
    assert (read["status"], read["last_error"]) == ("degraded", "nginx -t failed")


def _batch(batch_id: str) -> dict:
    return {
        "batch_id": batch_id,
        "events": [
            {
                "time": "2026-12-03T10:00:01Z",
                "domain": "shop.example",
                "client_ip": "192.0.2.9",
                "method": "GET",
                "uri": "/?id=1' OR 1=1--" + "x" * 10_000,
                "status": 403,
                "rule_ids": [942100, 949110],
                "messages": ["SQL Injection Attack Detected via libinjection"],
                "anomaly_score": 10,
                "action": "blocked",
                "event_id": "1-abc",
            }
        ],
        "counters": [
            {
                "domain": "shop.example",
                "minute": "2026-12-03T10:00:00Z",
                "requests": 5,
                "blocked": 1,
                "bytes_in": 500,
                "bytes_out": 5000,
                "status_2xx": 4,
                "status_4xx": 1,
            },
            {"domain": "shop.example", "minute": "2026-12-03T10:00:30Z", "requests": 1, "status_2xx": 1},
        ],
    }


def test_log_batches_are_idempotent(client, node, db: Session) -> None:
    first = client.post(f"{AGENT}/logs", json=_batch("n1-1"), headers=node["headers"])
    assert first.status_code == 200, first.text
    assert first.json()["data"] == {"batch_id": "n1-1", "duplicate": False, "events": 1, "counters": 1}
    retried = client.post(f"{AGENT}/logs", json=_batch("n1-1"), headers=node["headers"]).json()["data"]
    assert retried["duplicate"] is True
    client.post(f"{AGENT}/logs", json=_batch("n1-2"), headers=node["headers"])
    events = db.scalars(select(AttackEvent).where(AttackEvent.node_id == node["node_id"])).all()
    assert len(events) == 2 and len(events[0].uri) == 4096  # attacker-sized fields are cut, not refused
    assert events[0].oem_id == default_oem(db).id and events[0].node_name == "agent-node"
    minute = db.scalars(select(TrafficMinute).where(TrafficMinute.node_id == node["node_id"])).one()
    assert (minute.requests, minute.blocked, minute.status_2xx) == (12, 2, 10)  # two batches added up
    assert (
        db.scalar(
            select(func.count()).select_from(TrafficMinute).where(TrafficMinute.node_id == node["node_id"])
        )
        == 1
    )


def test_log_batch_validation(client, node) -> None:
    bad_id = client.post(f"{AGENT}/logs", json={"batch_id": "has space"}, headers=node["headers"])
    assert bad_id.status_code == 400
    bad_action = _batch("n1-3")
    bad_action["events"][0]["action"] = "allowed"
    assert client.post(f"{AGENT}/logs", json=bad_action, headers=node["headers"]).status_code == 400


def test_deleted_node_loses_access(call, admin, client, node) -> None:
    call("DELETE", f"nodes/{node['node_id']}", admin)
    assert client.post(f"{AGENT}/heartbeat", json={}, headers=node["headers"]).status_code == 401
