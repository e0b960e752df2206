from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from cloudwaf.models import AuditLog, Node, Oem
from tests.guard.helpers import assert_code, create_domain, ok_data, tenant

URL = "/api/v1/guard/domains"


def test_create_applies_defaults_and_shows_idn_as_unicode(client, db) -> None:
    t = tenant(db)
    domain = create_domain(
        client,
        t,
        "Bücher.Example",
        origins=["origin.internal:8080", {"host": "10.0.0.2", "port": 80, "weight": 3}],
    )
    assert domain["name"] == "bücher.example" and domain["name_ascii"] == "xn--bcher-kva.example"
    assert domain["http_ports"] == [80] and domain["https_ports"] == [] and domain["enabled"] is True
    assert domain["origins"] == [
        {"host": "origin.internal", "port": 8080, "weight": 1, "scheme": "http"},
        {"host": "10.0.0.2", "port": 80, "weight": 3, "scheme": "http"},
    ]
    policies = ok_data(client.get("/api/v1/guard/policies", headers=t.headers))["items"]
    assert domain["policy_id"] == next(p["id"] for p in policies if p["is_default"])
    assert domain["version"] == 1
    found = ok_data(client.get(URL, params={"keyword": "bücher"}, headers=t.headers))
    assert found["total"] == 1


def test_wildcard_and_duplicate_2002(client, db) -> None:
    t = tenant(db)
    create_domain(client, t, "*.example.com")
    assert_code(
        client.post(URL, json={"name": "*.EXAMPLE.com", "origins": ["1.2.3.4:80"]}, headers=t.headers),
        2002,
        409,
    )


def test_invalid_shapes_answer_400(client, db) -> None:
    t = tenant(db)
    bad = [
        {"name": "-bad-.example.com", "origins": ["1.2.3.4:80"]},
        {"name": "a..b", "origins": ["1.2.3.4:80"]},
        {"name": "ok.example.com", "origins": []},
        {"name": "ok.example.com", "origins": ["1.2.3.4"]},
        {"name": "ok.example.com", "origins": ["1.2.3.4:70000"]},
        {"name": "ok.example.com", "origins": ["*.x.com:80"]},
        {"name": "ok.example.com", "origins": ["1.2.3.4:80"], "http_ports": [80], "https_ports": [80]},
        {"name": "ok.example.com", "origins": ["1.2.3.4:80"], "http_ports": [], "https_ports": []},
        {"name": "ok.example.com", "origins": ["1.2.3.4:80"], "redirect_https": True},
        {"name": "ok.example.com", "origins": ["1.2.3.4:80"], "hsts": True},
        {
            "name": "ok.example.com",
            "origins": [
                {"host": "a.b", "port": 1, "scheme": "http"},
                {"host": "c.d", "port": 1, "scheme": "https"},
            ],
        },
        {"name": "ok.example.com", "origins": ["1.2.3.4:80"], "unknown_field": 1},
    ]
    for payload in bad:
        assert_code(client.post(URL, json=payload, headers=t.headers), 400, 400)


def test_unknown_policy_2003_and_foreign_node_group(client, db) -> None:
    t, other = tenant(db), tenant(db)
    assert_code(
        client.post(
            URL,
            json={"name": "a.example.com", "origins": ["1.2.3.4:80"], "policy_id": 999999},
            headers=t.headers,
        ),
        2003,
        404,
    )
    foreign_policy = ok_data(client.get("/api/v1/guard/policies", headers=other.headers))["items"][0]["id"]
    assert_code(
        client.post(
            URL,
            json={"name": "a.example.com", "origins": ["1.2.3.4:80"], "policy_id": foreign_policy},
            headers=t.headers,
        ),
        2003,
        404,
    )
    foreign_group = create_domain(client, other, "b.example.com")["node_group_id"]
    assert_code(
        client.post(
            URL,
            json={"name": "a.example.com", "origins": ["1.2.3.4:80"], "node_group_id": foreign_group},
            headers=t.headers,
        ),
        3005,
        404,
    )


def test_get_update_delete_and_2001(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "shop.example.com")
    url = f"{URL}/{domain['id']}"
    got = client.get(url, headers=t.headers)
    assert got.headers["etag"] == '"1"'
    updated = ok_data(
        client.put(url, json={"https_ports": [443], "redirect_https": True, "version": 1}, headers=t.headers)
    )
    assert updated["https_ports"] == [443] and updated["redirect_https"] and updated["version"] == 2
    assert_code(client.put(url, json={"http_ports": [443]}, headers=t.headers), 400, 400)
    ok_data(client.delete(url, headers=t.headers))
    assert_code(client.get(url, headers=t.headers), 2001, 404)
    assert_code(client.put(url, json={"enabled": False}, headers=t.headers), 2001, 404)
    assert_code(client.delete(url, headers=t.headers), 2001, 404)


def test_stale_version_answers_409(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "race.example.com")
    url = f"{URL}/{domain['id']}"
    ok_data(client.put(url, json={"enabled": False}, headers={**t.headers, "If-Match": '"1"'}))
    stale = client.put(url, json={"enabled": True}, headers={**t.headers, "If-Match": '"1"'})
    assert_code(stale, 409, 409)
    assert "current version is 2" in stale.json()["message"]
    assert_code(client.put(url, json={"enabled": True, "version": 1}, headers=t.headers), 409, 409)
    assert_code(client.delete(url, headers={**t.headers, "If-Match": "1"}), 409, 409)


def test_port_used_both_ways_in_a_group_is_refused(client, db) -> None:
    t = tenant(db)
    create_domain(client, t, "a.example.com", http_ports=[8443])
    response = client.post(
        URL,
        json={"name": "b.example.com", "origins": ["1.2.3.4:80"], "http_ports": [80], "https_ports": [8443]},
        headers=t.headers,
    )
    assert_code(response, 409, 409)


def test_delete_with_active_nodes_answers_2010_until_disabled(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "busy.example.com")
    db.add(
        Node(oem_id=t.oem.id, name="n1", node_group_id=domain["node_group_id"], enrolled_at=datetime.now(UTC))
    )
    db.flush()
    url = f"{URL}/{domain['id']}"
    assert_code(client.delete(url, headers=t.headers), 2010, 403)
    ok_data(client.put(url, json={"enabled": False}, headers=t.headers))
    ok_data(client.delete(url, headers=t.headers))


def test_writes_bump_config_version_and_are_audited(client, db) -> None:
    t = tenant(db)
    start = db.get(Oem, t.oem.id).config_version
    domain = create_domain(client, t, "audit.example.com")
    ok_data(client.put(f"{URL}/{domain['id']}", json={"enabled": False}, headers=t.headers))
    db.expire_all()
    assert db.get(Oem, t.oem.id).config_version == start + 2
    actions = db.scalars(
        select(AuditLog.action).where(AuditLog.oem_id == t.oem.id, AuditLog.target_type == "domain")
    ).all()
    assert actions == ["guard.domain.create", "guard.domain.update"]


def test_list_paginates_filters_and_sorts(client, db) -> None:
    t = tenant(db)
    for i in range(5):
        create_domain(client, t, f"d{i}.example.com", enabled=i % 2 == 0)
    page = ok_data(client.get(URL, params={"page": 2, "page_size": 2, "sort": "-name"}, headers=t.headers))
    assert page["total"] == 5 and [d["name"] for d in page["items"]] == ["d2.example.com", "d1.example.com"]
    assert ok_data(client.get(URL, params={"enabled": "false"}, headers=t.headers))["total"] == 2
    last = ok_data(client.get(URL, params={"page": 3, "page_size": 2, "sort": "-name"}, headers=t.headers))
    assert last["total"] == 5 and [d["name"] for d in last["items"]] == ["d0.example.com"]
    # past the end: no row carries the total, it is still counted
    assert ok_data(client.get(URL, params={"page": 9, "page_size": 2}, headers=t.headers)) == {
        "items": [], "total": 5, "page": 9, "page_size": 2,
    }
    assert ok_data(client.get(URL, params={"keyword": "nothing-like-this"}, headers=t.headers))["total"] == 0
    assert_code(client.get(URL, params={"sort": "password"}, headers=t.headers), 400, 400)


def test_read_only_role_cannot_write(client, db) -> None:
    t = tenant(db)
    auditor = tenant(db, "auditor")
    assert client.get(URL, headers=auditor.headers).status_code == 200
    assert_code(
        client.post(URL, json={"name": "x.example.com", "origins": ["1.2.3.4:80"]}, headers=auditor.headers),
        1011,
        403,
    )
    assert client.get(URL, headers={}).status_code == 401
    assert t  # the other tenant exists alongside
