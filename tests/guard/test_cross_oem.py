"""Every guard object of one OEM is invisible and untouchable from another: 404 with the
resource's own code, and no byte of the object in the answer."""

from __future__ import annotations

from tests.guard.helpers import assert_code, create_domain, make_cert, ok_data, tenant

G = "/api/v1/guard"


def test_every_guard_object_is_refused_across_oems(client, db) -> None:
    owner, intruder = tenant(db), tenant(db)
    h = owner.headers
    domain = create_domain(client, owner, "secret-shop.example.com")
    material = make_cert(["secret-shop.example.com"])
    cert = ok_data(
        client.post(
            f"{G}/certs",
            json={"name": "secret-cert", "cert_pem": material.chain, "key_pem": material.key_pem},
            headers=h,
        )
    )
    policy = ok_data(client.post(f"{G}/policies", json={"name": "secret-policy"}, headers=h))
    ip_set = ok_data(client.post(f"{G}/ip-sets", json={"name": "secret-set"}, headers=h))
    entry = ok_data(client.post(f"{G}/ip-sets/{ip_set['id']}/ips", json={"ip": "10.9.9.9"}, headers=h))
    schedule = ok_data(
        client.post(
            f"{G}/schedules",
            json={"name": "secret-schedule", "windows": [{"days": [0], "start": "01:00", "end": "02:00"}]},
            headers=h,
        )
    )
    forward = ok_data(
        client.post(
            f"{G}/forwards",
            json={"domain_id": domain["id"], "path_prefix": "/secret", "servers": ["10.1.1.1:80"]},
            headers=h,
        )
    )
    cc = ok_data(
        client.post(
            f"{G}/cc-rules",
            json={"name": "secret-cc", "domain_id": domain["id"], "limit": 1, "window_seconds": 1},
            headers=h,
        )
    )
    acl = ok_data(
        client.post(
            f"{G}/acl-rules",
            json={
                "name": "secret-acl",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "path", "op": "eq", "value": "/s"}],
            },
            headers=h,
        )
    )
    objects = [
        ("domains", domain["id"], 2001),
        ("certs", cert["id"], 2005),
        ("policies", policy["id"], 2003),
        ("ip-sets", ip_set["id"], 2011),
        ("schedules", schedule["id"], 2016),
        ("forwards", forward["id"], 2015),
        ("cc-rules", cc["id"], 2018),
        ("acl-rules", acl["id"], 2019),
    ]
    x = intruder.headers
    for path, object_id, code in objects:
        url = f"{G}/{path}/{object_id}"
        for response in (
            client.get(url, headers=x),
            client.put(url, json={}, headers=x),
            client.delete(url, headers=x),
        ):
            assert_code(response, code, 404)
            assert "secret" not in response.text
        listed = client.get(f"{G}/{path}", headers=x)
        assert listed.status_code == 200 and "secret" not in listed.text, path
    sub_resources = [
        client.get(f"{G}/domains/{domain['id']}/certs", headers=x),
        client.post(f"{G}/domains/{domain['id']}/certs", json={"cert_id": cert["id"]}, headers=x),
        client.get(f"{G}/ip-sets/{ip_set['id']}/ips", headers=x),
        client.post(f"{G}/ip-sets/{ip_set['id']}/ips", json={"ip": "1.1.1.1"}, headers=x),
        client.delete(f"{G}/ip-sets/{ip_set['id']}/ips/{entry['id']}", headers=x),
        client.post(
            f"{G}/ip-sets/{ip_set['id']}/import",
            content="1.1.1.1",
            headers={**x, "Content-Type": "text/plain"},
        ),
        client.get(f"{G}/ip-sets/{ip_set['id']}/export", headers=x),
    ]
    for response in sub_resources:
        assert (
            response.status_code == 404 and "secret" not in response.text and "10.9.9.9" not in response.text
        )
    # references to another OEM's objects from the intruder's own objects
    own = create_domain(client, intruder, "own.example.com")
    assert_code(
        client.post(f"{G}/domains/{own['id']}/certs", json={"cert_id": cert["id"]}, headers=x), 2005, 404
    )
    assert_code(
        client.put(f"{G}/domains/{own['id']}", json={"policy_id": policy["id"]}, headers=x), 2003, 404
    )
    assert_code(
        client.post(
            f"{G}/forwards",
            json={"domain_id": domain["id"], "path_prefix": "/x", "servers": ["1.1.1.1:80"]},
            headers=x,
        ),
        2001,
        404,
    )
    assert_code(
        client.post(
            f"{G}/cc-rules",
            json={"name": "c", "domain_id": domain["id"], "limit": 1, "window_seconds": 1},
            headers=x,
        ),
        2001,
        404,
    )
    assert_code(
        client.post(
            f"{G}/acl-rules",
            json={
                "name": "a",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "ip_set", "op": "eq", "value": ip_set["id"]}],
            },
            headers=x,
        ),
        2011,
        404,
    )
    assert_code(
        client.post(
            f"{G}/acl-rules",
            json={
                "name": "a",
                "priority": 1,
                "action": "deny",
                "schedule_id": schedule["id"],
                "conditions": [{"field": "path", "op": "eq", "value": "/"}],
            },
            headers=x,
        ),
        2016,
        404,
    )
    # the owner still has everything
    assert ok_data(client.get(f"{G}/ip-sets/{ip_set['id']}", headers=h))["entry_count"] == 1
    assert ok_data(client.get(f"{G}/domains/{domain['id']}/certs", headers=h)) == []
