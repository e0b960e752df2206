from __future__ import annotations

from tests.guard.helpers import assert_code, create_domain, ok_data, tenant

F = "/api/v1/guard/forwards"
C = "/api/v1/guard/cc-rules"


def test_forward_crud_validation_and_2015(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "fw.example.com")
    rule = ok_data(
        client.post(
            F,
            json={
                "domain_id": domain["id"],
                "path_prefix": "/static",
                "scheme": "https",
                "servers": ["cdn1.internal:443", {"host": "10.0.0.5", "port": 443, "weight": 5}],
                "lb": "ip_hash",
                "host_header": "static.example.com",
                "max_fails": 2,
                "fail_timeout": 20,
            },
            headers=t.headers,
        )
    )
    assert (
        rule["servers"][0] == {"host": "cdn1.internal", "port": 443, "weight": 1} and rule["lb"] == "ip_hash"
    )
    assert_code(
        client.post(
            F,
            json={"domain_id": domain["id"], "path_prefix": "/static", "servers": ["1.2.3.4:80"]},
            headers=t.headers,
        ),
        409,
        409,
    )
    for bad in [
        {"path_prefix": "/"},
        {"path_prefix": "static"},
        {"servers": []},
        {"lb": "random"},
        {"connect_timeout": 0},
        {"host_header": "a b"},
        {"servers": ["1.2.3.4:0"]},
    ]:
        payload = {"domain_id": domain["id"], "path_prefix": "/x", "servers": ["1.2.3.4:80"], **bad}
        assert_code(client.post(F, json=payload, headers=t.headers), 400, 400)
    assert_code(
        client.post(
            F, json={"domain_id": 999999, "path_prefix": "/x", "servers": ["1.2.3.4:80"]}, headers=t.headers
        ),
        2001,
        404,
    )
    url = f"{F}/{rule['id']}"
    updated = ok_data(
        client.put(url, json={"pass_host": True, "read_timeout": 120, "version": 1}, headers=t.headers)
    )
    assert updated["host_header"] is None and updated["read_timeout"] == 120
    assert ok_data(client.get(F, params={"domain_id": domain["id"]}, headers=t.headers))["total"] == 1
    ok_data(client.delete(url, headers=t.headers))
    assert_code(client.get(url, headers=t.headers), 2015, 404)


def test_cc_crud_validation_and_2018(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "cc.example.com")
    rule = ok_data(
        client.post(
            C,
            json={
                "name": "api",
                "domain_id": domain["id"],
                "path": "/api",
                "path_regex": r"^/api/v[0-9]+/login$",
                "methods": ["post"],
                "key": "header:X-Api-Key",
                "limit": 100,
                "window_seconds": 60,
            },
            headers=t.headers,
        )
    )
    assert rule["key"] == "header:x-api-key" and rule["methods"] == ["POST"] and rule["action"] == "reject"
    for bad in [
        {"key": "cookie"},
        {"key": "header:a b"},
        {"limit": 0},
        {"window_seconds": 86_401},
        {"action": "ban"},
        {"action": "drop"},
        {"path": "/a b"},
        {"path_regex": "(x"},
    ]:
        payload = {"name": "r", "domain_id": domain["id"], "limit": 5, "window_seconds": 1, **bad}
        assert_code(client.post(C, json=payload, headers=t.headers), 400, 400)
    assert_code(
        client.post(
            C,
            json={
                "name": "r",
                "domain_id": domain["id"],
                "limit": 5,
                "window_seconds": 1,
                "schedule_id": 999999,
            },
            headers=t.headers,
        ),
        2016,
        404,
    )
    url = f"{C}/{rule['id']}"
    assert_code(client.put(url, json={"action": "ban"}, headers=t.headers), 400, 400)
    banned = ok_data(
        client.put(
            url, json={"action": "ban", "ban_seconds": 300, "clear_path_regex": True}, headers=t.headers
        )
    )
    assert banned["ban_seconds"] == 300 and banned["path_regex"] is None
    ok_data(client.delete(url, headers=t.headers))
    assert_code(client.get(url, headers=t.headers), 2018, 404)


def test_deleting_a_domain_takes_its_rules_along(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "gone.example.com")
    fw = ok_data(
        client.post(
            F,
            json={"domain_id": domain["id"], "path_prefix": "/a", "servers": ["1.2.3.4:80"]},
            headers=t.headers,
        )
    )
    cc = ok_data(
        client.post(
            C,
            json={"name": "r", "domain_id": domain["id"], "limit": 5, "window_seconds": 1},
            headers=t.headers,
        )
    )
    ok_data(client.delete(f"/api/v1/guard/domains/{domain['id']}", headers=t.headers))
    assert_code(client.get(f"{F}/{fw['id']}", headers=t.headers), 2015, 404)
    assert_code(client.get(f"{C}/{cc['id']}", headers=t.headers), 2018, 404)
