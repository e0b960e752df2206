from __future__ import annotations

from tests.guard.helpers import assert_code, create_domain, ok_data, tenant

URL = "/api/v1/guard/acl-rules"


def test_create_every_condition_kind(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "acl.example.com")
    ip_set = ok_data(client.post("/api/v1/guard/ip-sets", json={"name": "s"}, headers=t.headers))
    rule = ok_data(
        client.post(
            URL,
            json={
                "name": "block admin",
                "domain_id": domain["id"],
                "priority": 10,
                "action": "deny",
                "conditions": [
                    {"field": "ip", "op": "in", "value": ["10.0.0.0/8", "2001:db8::1/128"]},
                    {"field": "ip_set", "op": "eq", "value": ip_set["id"]},
                    {"field": "country", "op": "in", "value": ["cn", "RU"]},
                    {"field": "path", "op": "prefix", "value": "/admin"},
                    {"field": "path", "op": "regex", "value": r"^/wp-(admin|login)\.php$"},
                    {"field": "method", "op": "in", "value": ["post", "PUT"]},
                    {"field": "header", "name": "X-Forwarded-Host", "op": "contains", "value": "evil"},
                    {"field": "user_agent", "op": "contains", "value": "sqlmap"},
                    {"field": "arg", "name": "debug", "op": "eq", "value": "1"},
                ],
            },
            headers=t.headers,
        )
    )
    conditions = rule["conditions"]
    assert conditions[0]["value"] == ["10.0.0.0/8", "2001:db8::1"]
    assert conditions[1]["value"] == str(ip_set["id"]) and conditions[2]["value"] == ["CN", "RU"]
    assert conditions[5]["value"] == ["POST", "PUT"] and conditions[6]["name"] == "x-forwarded-host"
    oem_wide = ok_data(
        client.post(
            URL,
            json={
                "name": "allow office",
                "priority": 1,
                "action": "allow",
                "conditions": [{"field": "ip", "op": "eq", "value": "1.2.3.4"}],
            },
            headers=t.headers,
        )
    )
    assert oem_wide["domain_id"] is None
    listed = ok_data(client.get(URL, params={"oem_wide": "true"}, headers=t.headers))
    assert [r["id"] for r in listed["items"]] == [oem_wide["id"]]


def test_invalid_conditions_answer_400(client, db) -> None:
    t = tenant(db)
    bad_conditions = [
        [],
        [{"field": "ip", "op": "contains", "value": "1.2.3.4"}],
        [{"field": "ip", "op": "eq", "value": "1.2.3"}],
        [{"field": "header", "op": "eq", "value": "x"}],
        [{"field": "path", "name": "x", "op": "eq", "value": "/"}],
        [{"field": "path", "op": "eq", "value": ["/a", "/b"]}],
        [{"field": "country", "op": "eq", "value": "CHN"}],
        [{"field": "path", "op": "regex", "value": "(unclosed"}],
        [{"field": "cookie", "op": "eq", "value": "x"}],
        [{"field": "path", "op": "regex", "value": "a" * 513}],
        [{"field": "user_agent", "op": "contains", "value": "a\nb"}],
    ]
    for conditions in bad_conditions:
        response = client.post(
            URL,
            json={"name": "r", "priority": 1, "action": "deny", "conditions": conditions},
            headers=t.headers,
        )
        assert_code(response, 400, 400)
    assert_code(
        client.post(
            URL,
            json={
                "name": "r",
                "priority": 1,
                "action": "drop",
                "conditions": [{"field": "path", "op": "eq", "value": "/"}],
            },
            headers=t.headers,
        ),
        400,
        400,
    )


def test_priority_unique_per_domain_and_references_checked(client, db) -> None:
    t = tenant(db)
    d1, d2 = create_domain(client, t, "one.example.com"), create_domain(client, t, "two.example.com")
    rule = {
        "name": "r",
        "priority": 7,
        "action": "deny",
        "conditions": [{"field": "path", "op": "eq", "value": "/x"}],
    }
    ok_data(client.post(URL, json={**rule, "domain_id": d1["id"]}, headers=t.headers))
    assert_code(client.post(URL, json={**rule, "domain_id": d1["id"]}, headers=t.headers), 409, 409)
    ok_data(client.post(URL, json={**rule, "domain_id": d2["id"]}, headers=t.headers))
    ok_data(client.post(URL, json=rule, headers=t.headers))
    assert_code(client.post(URL, json={**rule, "domain_id": 999999}, headers=t.headers), 2001, 404)
    assert_code(
        client.post(URL, json={**rule, "priority": 8, "schedule_id": 999999}, headers=t.headers), 2016, 404
    )
    assert_code(
        client.post(
            URL,
            json={**rule, "priority": 9, "conditions": [{"field": "ip_set", "op": "eq", "value": 999999}]},
            headers=t.headers,
        ),
        2011,
        404,
    )


def test_update_delete_and_2019(client, db) -> None:
    t = tenant(db)
    schedule = ok_data(
        client.post(
            "/api/v1/guard/schedules",
            json={"name": "nights", "windows": [{"days": [0], "start": "22:00", "end": "06:00"}]},
            headers=t.headers,
        )
    )
    rule = ok_data(
        client.post(
            URL,
            json={
                "name": "r",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "path", "op": "eq", "value": "/x"}],
            },
            headers=t.headers,
        )
    )
    url = f"{URL}/{rule['id']}"
    updated = ok_data(
        client.put(
            url, json={"action": "log", "schedule_id": schedule["id"], "version": 1}, headers=t.headers
        )
    )
    assert updated["action"] == "log" and updated["schedule_id"] == schedule["id"] and updated["version"] == 2
    cleared = ok_data(client.put(url, json={"clear_schedule": True}, headers=t.headers))
    assert cleared["schedule_id"] is None
    assert_code(client.put(url, json={"enabled": False, "version": 1}, headers=t.headers), 409, 409)
    ok_data(client.delete(url, headers=t.headers))
    assert_code(client.get(url, headers=t.headers), 2019, 404)
