from __future__ import annotations

from tests.guard.helpers import assert_code, create_domain, ok_data, tenant

URL = "/api/v1/guard/policies"


def test_default_policy_is_seeded_per_oem(client, db) -> None:
    t = tenant(db)
    items = ok_data(client.get(URL, headers=t.headers))["items"]
    default = next(p for p in items if p["is_default"])
    assert default["mode"] == "block" and default["paranoia_level"] == 1 and default["profile"] == "balanced"
    assert (
        default["inbound_threshold"] == 5
        and 942 in default["rule_groups"]
        and 951 not in default["rule_groups"]
    )


def test_create_with_exclusions_and_name_conflict_2004(client, db) -> None:
    t = tenant(db)
    payload = {
        "name": "Strict",
        "mode": "detect",
        "paranoia_level": 3,
        "profile": "strict",
        "rule_groups": [942, 941],
        "exclusions": [
            {"rule_ids": [942100], "path_prefix": "/api/search", "target": "ARGS:q"},
            {"rule_ids": [], "tags": ["attack-xss"], "target": "REQUEST_COOKIES:session"},
            {"rule_ids": [920350]},
        ],
    }
    policy = ok_data(client.post(URL, json=payload, headers=t.headers))
    assert policy["rule_groups"] == [941, 942] and policy["exclusions"][0]["target"] == "ARGS:q"
    assert_code(client.post(URL, json={"name": "Strict"}, headers=t.headers), 2004, 409)
    other = ok_data(client.post(URL, json={"name": "Other"}, headers=t.headers))
    assert_code(client.put(f"{URL}/{other['id']}", json={"name": "Strict"}, headers=t.headers), 2004, 409)


def test_invalid_values_answer_400_and_unknown_rule_group_2014(client, db) -> None:
    t = tenant(db)
    for payload in [
        {"name": "p", "paranoia_level": 5},
        {"name": "p", "mode": "maybe"},
        {"name": "p", "inbound_threshold": 0},
        {"name": "p", "exclusions": [{"path_prefix": "/x"}]},
        {"name": "p", "exclusions": [{"rule_ids": [1], "target": "ENV:x"}]},
        {"name": "p", "exclusions": [{"rule_ids": [0]}]},
        {"name": "p", "profile": "lenient"},
        {"name": "p", "allowed_methods": ["GET;"]},
        {"name": "p", "allowed_content_types": ["text/html; x"]},
        {"name": "p", "request_body_limit": 10},
    ]:
        assert_code(client.post(URL, json=payload, headers=t.headers), 400, 400)
    assert_code(client.post(URL, json={"name": "p", "rule_groups": [942, 999]}, headers=t.headers), 2014, 404)


def test_policy_in_use_2009_and_not_found_2003(client, db) -> None:
    t = tenant(db)
    policy = ok_data(client.post(URL, json={"name": "Used"}, headers=t.headers))
    domain = create_domain(client, t, "p.example.com", policy_id=policy["id"])
    assert ok_data(client.get(f"{URL}/{policy['id']}", headers=t.headers))["domain_count"] == 1
    assert_code(client.delete(f"{URL}/{policy['id']}", headers=t.headers), 2009, 403)
    default = next(p for p in ok_data(client.get(URL, headers=t.headers))["items"] if p["is_default"])
    assert_code(client.delete(f"{URL}/{default['id']}", headers=t.headers), 2009, 403)
    ok_data(
        client.put(
            f"/api/v1/guard/domains/{domain['id']}", json={"policy_id": default["id"]}, headers=t.headers
        )
    )
    ok_data(client.delete(f"{URL}/{policy['id']}", headers=t.headers))
    assert_code(client.get(f"{URL}/{policy['id']}", headers=t.headers), 2003, 404)


def test_update_versioned(client, db) -> None:
    t = tenant(db)
    policy = ok_data(client.post(URL, json={"name": "V"}, headers=t.headers))
    updated = ok_data(
        client.put(f"{URL}/{policy['id']}", json={"mode": "off", "version": 1}, headers=t.headers)
    )
    assert updated["mode"] == "off" and updated["version"] == 2
    assert_code(
        client.put(f"{URL}/{policy['id']}", json={"mode": "block", "version": 1}, headers=t.headers), 409
    )


def test_rule_groups_catalogue_2014(client, db) -> None:
    t = tenant(db)
    groups = ok_data(client.get("/api/v1/guard/rule-groups", params={"page_size": 100}, headers=t.headers))
    ids = [g["id"] for g in groups["items"]]
    assert {913, 920, 921, 930, 931, 932, 933, 941, 942, 943, 944, 950, 951}.issubset(ids)
    sqli = ok_data(client.get("/api/v1/guard/rule-groups/942", headers=t.headers))
    assert sqli["rule_count"] > 20 and 942100 <= sqli["rule_id_min"] <= sqli["rule_id_max"] < 943000
    assert sqli["source"] in ("crs", "builtin")
    assert_code(client.get("/api/v1/guard/rule-groups/999", headers=t.headers), 2014, 404)


def test_rule_groups_fall_back_to_builtin_table(tmp_path) -> None:
    from cloudwaf.guard.rule_groups.service import catalogue

    groups = catalogue(tmp_path)
    assert groups and all(g.source == "builtin" for g in groups)
