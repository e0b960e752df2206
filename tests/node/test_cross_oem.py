"""Another OEM's admin sees none of these resources: every attempt answers 404 with the resource's
own code, lists leave them out, and references across OEMs are refused the same way."""

from __future__ import annotations

import pytest


@pytest.fixture
def theirs(call, admin, client) -> dict:  # noqa: ANN001
    """One of each node resource, owned by the default OEM."""
    _, _, group = call("POST", "groups", admin, json={"name": "x-group"})
    _, _, node = call("POST", "nodes", admin, json={"name": "x-node", "node_group_id": group["id"]})
    _, _, ip = call("POST", "ips", admin, json={"node_id": node["id"], "ip": "192.0.2.77"})
    _, _, policy = call("POST", "acl-policies", admin, json={"name": "x-policy"})
    _, _, rule = call(
        "POST", f"acl-policies/{policy['id']}/rules", admin, json={"cidr": "192.0.2.0/24", "action": "deny"}
    )
    _, _, token = call("POST", "tokens", admin, json={"name": "x-token"})
    return {"group": group, "node": node, "ip": ip, "policy": policy, "rule": rule, "token": token}


@pytest.mark.parametrize(
    ("path", "resource", "code", "update"),
    [
        ("nodes/{id}", "node", 3001, {"description": "mine now"}),
        ("groups/{id}", "group", 3005, {"description": "mine now"}),
        ("ips/{id}", "ip", 3003, {"comment": "mine now"}),
        ("acl-policies/{id}", "policy", 3007, {"description": "mine now"}),
        ("tokens/{id}", "token", 404, None),
    ],
)
def test_other_oem_gets_404_on_every_resource(
    call, other_admin, theirs, path, resource, code, update
) -> None:
    url = path.format(id=theirs[resource]["id"])
    assert call("GET", url, other_admin)[:2] == (404, code)
    if update is not None:
        assert call("PUT", url, other_admin, json=update)[:2] == (404, code)
    assert call("DELETE", url, other_admin)[:2] == (404, code)


def test_other_oem_cannot_reach_rules_of_a_foreign_policy(call, other_admin, theirs) -> None:
    base = f"acl-policies/{theirs['policy']['id']}/rules"
    assert call("GET", base, other_admin)[:2] == (404, 3007)
    assert call("POST", base, other_admin, json={"cidr": "0.0.0.0/0", "action": "allow"})[:2] == (404, 3007)
    rule = f"{base}/{theirs['rule']['id']}"
    assert call("GET", rule, other_admin)[:2] == (404, 3007)
    assert call("PUT", rule, other_admin, json={"action": "allow"})[:2] == (404, 3007)
    assert call("DELETE", rule, other_admin)[:2] == (404, 3007)


def test_lists_hold_only_the_callers_oem(call, other_admin, theirs) -> None:
    for path, resource in (
        ("nodes", "node"),
        ("groups", "group"),
        ("ips", "ip"),
        ("acl-policies", "policy"),
        ("tokens", "token"),
    ):
        ids = [item["id"] for item in call("GET", f"{path}?page_size=500", other_admin)[2]["items"]]
        assert theirs[resource]["id"] not in ids, path
    assert call("GET", f"nodes?node_group_id={theirs['group']['id']}", other_admin)[2]["total"] == 0
    assert call("GET", f"ips?node_id={theirs['node']['id']}", other_admin)[2]["total"] == 0


def test_references_across_oems_are_refused(call, other_admin, theirs) -> None:
    assert call("POST", "nodes", other_admin, json={"name": "n", "node_group_id": theirs["group"]["id"]})[
        :2
    ] == (404, 3005)
    assert call("POST", "ips", other_admin, json={"node_id": theirs["node"]["id"], "ip": "192.0.2.200"})[
        :2
    ] == (404, 3001)
    assert call("POST", "groups", other_admin, json={"name": "g", "acl_policy_id": theirs["policy"]["id"]})[
        :2
    ] == (404, 3007)
    assert call("POST", "tokens", other_admin, json={"node_id": theirs["node"]["id"]})[:2] == (404, 3001)
    assert call("POST", "tokens", other_admin, json={"node_group_id": theirs["group"]["id"]})[:2] == (
        404,
        3005,
    )
    _, _, own_node = call("POST", "nodes", other_admin, json={"name": "own"})
    assert call("PUT", f"nodes/{own_node['id']}", other_admin, json={"node_group_id": theirs["group"]["id"]})[
        :2
    ] == (404, 3005)


def test_names_and_addresses_are_unique_per_oem_only(call, other_admin, theirs) -> None:
    assert call("POST", "groups", other_admin, json={"name": "x-group"})[:2] == (201, 0)
    _, code, node = call("POST", "nodes", other_admin, json={"name": "x-node"})
    assert code == 0
    assert call("POST", "ips", other_admin, json={"node_id": node["id"], "ip": "192.0.2.77"})[:2] == (201, 0)
    assert call("POST", "acl-policies", other_admin, json={"name": "x-policy"})[:2] == (201, 0)


def test_a_node_of_one_oem_gets_its_own_oems_config_only(call, admin, other_admin, client, theirs) -> None:
    """The agent's tenancy comes from its credential: events it ships land in its own OEM."""
    _, _, token = call("POST", "tokens", other_admin, json={"name": "other-node"})
    data = client.post("/api/v1/node/agent/register", json={"token": token["token"]}).json()["data"]
    headers = {"Authorization": f"Node {data['credential']}"}
    batch = {
        "batch_id": "b1",
        "events": [
            {
                "time": "2026-12-03T10:00:00Z",
                "domain": "shop.example",
                "action": "blocked",
                "rule_ids": [942100],
            }
        ],
    }
    assert client.post("/api/v1/node/agent/logs", json=batch, headers=headers).status_code == 200
    mine = client.get("/api/v1/chart/events", headers=other_admin).json()["data"]
    assert [e["node"] for e in mine["items"]] == ["other-node"]
    assert (
        client.get("/api/v1/chart/events?node_id=" + str(data["node_id"]), headers=admin).json()["data"][
            "total"
        ]
        == 0
    )
