from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.tokens import digest
from cloudwaf.kit.time import utcnow
from cloudwaf.models import AuditLog, Node, NodeToken


def _register(client, token: str, **extra):  # noqa: ANN001, ANN202
    body = {
        "token": token,
        "hostname": "edge.local",
        "agent_version": "0.1.0",
        "nginx_version": "1.22.1",
        **extra,
    }
    return client.post("/api/v1/node/agent/register", json=body)


def test_token_is_shown_once_and_stored_hashed(call, admin, db: Session) -> None:
    status, code, created = call("POST", "tokens", admin, json={"name": "edge-a", "expires_in_minutes": 30})
    assert (status, code, created["status"]) == (201, 0, "active")
    row = db.get(NodeToken, created["id"])
    assert row.token_hash == digest(created["token"]) and created["token"] not in row.token_hash
    listed = call("GET", "tokens", admin)[2]["items"]
    assert listed[0]["id"] == created["id"] and "token" not in listed[0]
    assert "token" not in call("GET", f"tokens/{created['id']}", admin)[2]
    audit = db.scalars(select(AuditLog).where(AuditLog.action == "node.token.create")).all()[-1]
    assert created["token"] not in str(audit.summary)


def test_register_trades_a_one_time_token_for_a_node_credential(call, admin, client, db: Session) -> None:
    _, _, created = call("POST", "tokens", admin, json={"name": "edge-reg"})
    response = _register(client, created["token"])
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    node = db.get(Node, data["node_id"])
    assert node.name == "edge-reg" and node.credential_hash == digest(data["credential"])
    assert data["credential"] not in node.credential_hash
    assert call("GET", f"tokens/{created['id']}", admin)[2]["status"] == "used"
    again = _register(client, created["token"])
    assert again.status_code == 401  # one-time
    read = call("GET", f"nodes/{node.id}", admin)[2]
    assert read["enrolled"] is True and read["agent_version"] == "0.1.0" and read["status"] == "offline"


def test_register_without_a_name_uses_the_host_name_and_the_default_group(call, admin, client) -> None:
    _, _, created = call("POST", "tokens", admin, json={})
    data = _register(client, created["token"], hostname="waf-host-7").json()["data"]
    assert data["name"] == "waf-host-7"


def test_token_bound_to_a_precreated_node(call, admin, client) -> None:
    _, _, group = call("POST", "groups", admin, json={"name": "bound-group"})
    _, _, node = call("POST", "nodes", admin, json={"name": "pre", "node_group_id": group["id"]})
    _, _, created = call("POST", "tokens", admin, json={"node_id": node["id"]})
    data = _register(client, created["token"], name="ignored").json()["data"]
    assert (data["node_id"], data["name"], data["node_group_id"]) == (node["id"], "pre", group["id"])


def test_register_name_clash_is_3002(call, admin, client) -> None:
    call("POST", "nodes", admin, json={"name": "taken"})
    _, _, created = call("POST", "tokens", admin, json={"name": "taken"})
    response = _register(client, created["token"])
    assert (response.status_code, response.json()["code"]) == (409, 3002)


def test_expired_and_unknown_tokens_are_refused(call, admin, client, db: Session) -> None:
    _, _, created = call("POST", "tokens", admin, json={})
    db.get(NodeToken, created["id"]).expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert call("GET", f"tokens/{created['id']}", admin)[2]["status"] == "expired"
    assert _register(client, created["token"]).status_code == 401
    assert _register(client, "cwe_" + "x" * 40).status_code == 401


def test_revoked_token_cannot_register(call, admin, client) -> None:
    _, _, created = call("POST", "tokens", admin, json={})
    assert call("DELETE", f"tokens/{created['id']}", admin)[:2] == (200, 0)
    assert _register(client, created["token"]).status_code == 401
    assert call("GET", f"tokens/{created['id']}", admin)[:2] == (404, 404)


def test_token_for_unknown_node_is_3001(call, admin) -> None:
    assert call("POST", "tokens", admin, json={"node_id": 999999})[:2] == (404, 3001)
