from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.models import NodeGroup
from tests.factories import default_oem


def _default_group(db: Session) -> NodeGroup:
    return db.scalars(
        select(NodeGroup).where(NodeGroup.oem_id == default_oem(db).id, NodeGroup.is_default.is_(True))
    ).one()


def test_group_crud_and_node_count(call, admin) -> None:
    status, code, group = call("POST", "groups", admin, json={"name": "asia", "description": "Tokyo"})
    assert (status, code, group["is_default"], group["node_count"]) == (201, 0, False, 0)
    call("POST", "nodes", admin, json={"name": "tokyo-1", "node_group_id": group["id"]})
    assert call("GET", f"groups/{group['id']}", admin)[2]["node_count"] == 1
    status, code, renamed = call("PUT", f"groups/{group['id']}", admin, json={"name": "apac"})
    assert (status, code, renamed["name"]) == (200, 0, "apac")
    assert any(g["name"] == "apac" for g in call("GET", "groups?keyword=ap", admin)[2]["items"])


def test_deleting_a_group_moves_its_nodes_to_the_default_group(call, admin, db: Session) -> None:
    _, _, group = call("POST", "groups", admin, json={"name": "temp"})
    _, _, node = call("POST", "nodes", admin, json={"name": "temp-1", "node_group_id": group["id"]})
    assert call("DELETE", f"groups/{group['id']}", admin)[:2] == (200, 0)
    assert call("GET", f"nodes/{node['id']}", admin)[2]["node_group_id"] == _default_group(db).id


def test_default_group_cannot_be_deleted(call, admin, db: Session) -> None:
    assert call("DELETE", f"groups/{_default_group(db).id}", admin)[:2] == (403, 403)


def test_3005_group_not_found(call, admin) -> None:
    assert call("GET", "groups/999999", admin)[:2] == (404, 3005)
    assert call("PUT", "groups/999999", admin, json={"name": "x"})[:2] == (404, 3005)
    assert call("DELETE", "groups/999999", admin)[:2] == (404, 3005)
    assert call("POST", "tokens", admin, json={"node_group_id": 999999})[:2] == (404, 3005)


def test_3006_group_name_exists(call, admin) -> None:
    assert call("POST", "groups", admin, json={"name": "default"})[:2] == (409, 3006)
    _, _, group = call("POST", "groups", admin, json={"name": "g2"})
    assert call("PUT", f"groups/{group['id']}", admin, json={"name": "default"})[:2] == (409, 3006)


def test_group_references_an_acl_policy(call, admin) -> None:
    _, _, policy = call("POST", "acl-policies", admin, json={"name": "lb-only"})
    _, _, group = call("POST", "groups", admin, json={"name": "behind-lb", "acl_policy_id": policy["id"]})
    assert group["acl_policy_id"] == policy["id"]
    assert call("GET", f"groups?acl_policy_id={policy['id']}", admin)[2]["total"] == 1
    assert call("PUT", f"groups/{group['id']}", admin, json={"acl_policy_id": 999999})[:2] == (404, 3007)
    status, _, detached = call("PUT", f"groups/{group['id']}", admin, json={"acl_policy_id": None})
    assert status == 200 and detached["acl_policy_id"] is None


def test_a_group_that_runs_domains_cannot_be_deleted(call, admin, client) -> None:
    _, _, group = call("POST", "groups", admin, json={"name": "serving"})
    created = client.post(
        "/api/v1/guard/domains",
        headers=admin,
        json={"name": "grouped.example", "origins": ["192.0.2.10:80"], "node_group_id": group["id"]},
    )
    assert created.status_code == 201, created.text
    assert call("DELETE", f"groups/{group['id']}", admin)[:2] == (409, 409)
