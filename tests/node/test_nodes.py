from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.kit.time import utcnow
from cloudwaf.models import AuditLog, Node, NodeGroup, Oem
from tests.factories import bearer_headers, default_oem, make_user


def test_create_read_update_delete_node(call, admin, db: Session) -> None:
    status, code, node = call("POST", "nodes", admin, json={"name": "edge-1", "address": "203.0.113.7"})
    assert (status, code) == (201, 0)
    default_group = db.scalars(
        select(NodeGroup).where(NodeGroup.oem_id == default_oem(db).id, NodeGroup.is_default.is_(True))
    ).one()
    assert node["node_group_id"] == default_group.id  # no group given: the default one
    assert node["status"] == "offline" and node["enrolled"] is False
    assert {"name", "status", "applied_version", "last_error", "last_seen_at"} <= node.keys()

    _, _, group = call("POST", "groups", admin, json={"name": "eu"})
    version_before = db.get(Oem, default_oem(db).id).config_version
    status, code, updated = call(
        "PUT", f"nodes/{node['id']}", admin, json={"node_group_id": group["id"], "description": "rack 4"}
    )
    assert (status, code, updated["node_group_id"], updated["description"]) == (200, 0, group["id"], "rack 4")
    db.expire_all()
    assert db.get(Oem, default_oem(db).id).config_version == version_before + 1  # moved: nodes re-poll

    status, code, page = call("GET", "nodes?keyword=edge&page_size=5", admin)
    assert status == 200 and page["total"] == 1 and page["items"][0]["id"] == node["id"]
    assert call("DELETE", f"nodes/{node['id']}", admin)[:2] == (200, 0)
    assert call("GET", f"nodes/{node['id']}", admin)[:2] == (404, 3001)
    actions = db.scalars(select(AuditLog.action).where(AuditLog.target_type == "node")).all()
    assert {"node.node.create", "node.node.update", "node.node.delete"} <= set(actions)


def test_3001_node_not_found(call, admin) -> None:
    assert call("GET", "nodes/999999", admin)[:2] == (404, 3001)
    assert call("PUT", "nodes/999999", admin, json={"name": "x"})[:2] == (404, 3001)
    assert call("DELETE", "nodes/999999", admin)[:2] == (404, 3001)
    assert call("POST", "ips", admin, json={"node_id": 999999, "ip": "198.51.100.1"})[:2] == (404, 3001)


def test_3002_node_name_exists(call, admin) -> None:
    call("POST", "nodes", admin, json={"name": "edge-dup"})
    assert call("POST", "nodes", admin, json={"name": "edge-dup"})[:2] == (409, 3002)
    _, _, other = call("POST", "nodes", admin, json={"name": "edge-other"})
    assert call("PUT", f"nodes/{other['id']}", admin, json={"name": "edge-dup"})[:2] == (409, 3002)


def test_node_with_unknown_group_is_3005(call, admin) -> None:
    assert call("POST", "nodes", admin, json={"name": "n", "node_group_id": 999999})[:2] == (404, 3005)


def test_status_follows_heartbeats_and_apply_errors(call, admin, db: Session) -> None:
    _, _, created = call("POST", "nodes", admin, json={"name": "edge-status"})
    node = db.get(Node, created["id"])
    node.last_seen_at = utcnow()
    db.flush()
    assert call("GET", f"nodes/{node.id}", admin)[2]["status"] == "online"
    node.last_error = "nginx -t refused the configuration"
    db.flush()
    assert call("GET", f"nodes/{node.id}", admin)[2]["status"] == "degraded"
    assert call("GET", "nodes?status=degraded", admin)[2]["total"] == 1
    node.last_seen_at = utcnow() - timedelta(minutes=5)
    db.flush()
    assert call("GET", f"nodes/{node.id}", admin)[2]["status"] == "offline"
    assert call("GET", "nodes?status=offline&keyword=edge-status", admin)[2]["total"] == 1


def test_validation_and_permissions(call, admin, db: Session) -> None:
    assert call("POST", "nodes", admin, json={"name": "bad;name"})[:2] == (400, 400)
    assert call("POST", "nodes", admin, json={"name": "x", "unknown": 1})[:2] == (400, 400)
    assert call("GET", "nodes?sort=credential_hash", admin)[:2] == (400, 400)
    auditor = bearer_headers(db, make_user(db, default_oem(db), "auditor"))
    assert call("GET", "nodes", auditor)[:2] == (200, 0)
    assert call("POST", "nodes", auditor, json={"name": "nope"})[:2] == (403, 1011)
    assert call("GET", "nodes", {})[:2] == (401, 401)
