from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.models import Oem
from tests.factories import default_oem


def test_policy_and_rules(call, admin, db: Session) -> None:
    status, code, policy = call("POST", "acl-policies", admin, json={"name": "lb", "description": "LB only"})
    assert (status, code, policy["rule_count"]) == (201, 0, 0)
    version = db.get(Oem, default_oem(db).id).config_version
    url = f"acl-policies/{policy['id']}/rules"
    status, code, deny = call(
        "POST", url, admin, json={"cidr": "0.0.0.0/0", "action": "deny", "priority": 200}
    )
    assert (status, code) == (201, 0)
    _, _, allow = call("POST", url, admin, json={"cidr": "10.1.2.3/16", "action": "allow", "priority": 10})
    assert allow["cidr"] == "10.1.0.0/16"  # canonical network
    db.expire_all()
    assert db.get(Oem, default_oem(db).id).config_version == version + 2  # rules reach nodes
    items = call("GET", url, admin)[2]["items"]
    assert [r["id"] for r in items] == [allow["id"], deny["id"]]  # evaluation order
    assert call("GET", f"acl-policies/{policy['id']}", admin)[2]["rule_count"] == 2
    status, _, changed = call("PUT", f"{url}/{deny['id']}", admin, json={"comment": "everyone else"})
    assert (status, changed["comment"], changed["action"]) == (200, "everyone else", "deny")
    assert call("GET", f"{url}/{deny['id']}", admin)[2]["comment"] == "everyone else"
    assert call("POST", url, admin, json={"cidr": "10.0.0.0/33", "action": "allow"})[:2] == (400, 400)
    assert call("POST", url, admin, json={"cidr": "10.0.0.0/8", "action": "log"})[:2] == (400, 400)
    status, _, renamed = call("PUT", f"acl-policies/{policy['id']}", admin, json={"name": "lb-only"})
    assert (status, renamed["name"]) == (200, "lb-only")


def test_3007_policy_not_found(call, admin) -> None:
    assert call("GET", "acl-policies/999999", admin)[:2] == (404, 3007)
    assert call("PUT", "acl-policies/999999", admin, json={"name": "x"})[:2] == (404, 3007)
    assert call("DELETE", "acl-policies/999999", admin)[:2] == (404, 3007)
    assert call("GET", "acl-policies/999999/rules", admin)[:2] == (404, 3007)
    assert call("POST", "acl-policies/999999/rules", admin, json={"cidr": "10.0.0.0/8", "action": "allow"})[
        :2
    ] == (404, 3007)
    assert call("POST", "groups", admin, json={"name": "g", "acl_policy_id": 999999})[:2] == (404, 3007)


def test_3008_policy_name_exists(call, admin) -> None:
    call("POST", "acl-policies", admin, json={"name": "dup"})
    assert call("POST", "acl-policies", admin, json={"name": "dup"})[:2] == (409, 3008)
    _, _, other = call("POST", "acl-policies", admin, json={"name": "other"})
    assert call("PUT", f"acl-policies/{other['id']}", admin, json={"name": "dup"})[:2] == (409, 3008)


def test_3009_rule_not_found(call, admin) -> None:
    _, _, policy = call("POST", "acl-policies", admin, json={"name": "p3009"})
    _, _, second = call("POST", "acl-policies", admin, json={"name": "p3009b"})
    _, _, rule = call(
        "POST", f"acl-policies/{second['id']}/rules", admin, json={"cidr": "192.0.2.0/24", "action": "deny"}
    )
    url = f"acl-policies/{policy['id']}/rules"
    assert call("GET", f"{url}/999999", admin)[:2] == (404, 3009)
    assert call("GET", f"{url}/{rule['id']}", admin)[:2] == (404, 3009)  # a rule of another policy
    assert call("PUT", f"{url}/{rule['id']}", admin, json={"comment": "x"})[:2] == (404, 3009)
    assert call("DELETE", f"{url}/999999", admin)[:2] == (404, 3009)


def test_3010_policy_with_rules_cannot_be_deleted(call, admin) -> None:
    _, _, policy = call("POST", "acl-policies", admin, json={"name": "p3010"})
    url = f"acl-policies/{policy['id']}/rules"
    _, _, rule = call("POST", url, admin, json={"cidr": "192.0.2.1", "action": "allow"})
    _, _, group = call("POST", "groups", admin, json={"name": "g3010", "acl_policy_id": policy["id"]})
    assert call("DELETE", f"acl-policies/{policy['id']}", admin)[:2] == (403, 3010)
    assert call("DELETE", f"{url}/{rule['id']}", admin)[:2] == (200, 0)
    assert call("DELETE", f"acl-policies/{policy['id']}", admin)[:2] == (200, 0)
    assert call("GET", f"groups/{group['id']}", admin)[2]["acl_policy_id"] is None
