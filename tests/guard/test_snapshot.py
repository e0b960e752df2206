from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cloudwaf.guard.snapshot import build_node_snapshot
from cloudwaf.models import IpSetEntry
from tests.guard.helpers import create_domain, make_cert, ok_data, tenant

G = "/api/v1/guard"


def test_snapshot_assembles_everything_of_the_group(client, db, settings) -> None:
    t, other = tenant(db), tenant(db)
    policy = ok_data(
        client.post(
            f"{G}/policies",
            json={
                "name": "P",
                "mode": "detect",
                "paranoia_level": 2,
                "exclusions": [{"rule_ids": [942100], "target": "ARGS:q"}],
            },
            headers=t.headers,
        )
    )
    domain = create_domain(
        client,
        t,
        "shop.example.com",
        https_ports=[443],
        redirect_https=True,
        policy_id=policy["id"],
        origins=["10.0.0.1:8080", {"host": "10.0.0.2", "port": 8080, "weight": 2}],
    )
    plain = create_domain(client, t, "plain.example.com")
    create_domain(client, t, "off.example.com", enabled=False)
    create_domain(client, other, "foreign.example.com")
    material = make_cert(["*.example.com"])
    cert = ok_data(
        client.post(
            f"{G}/certs",
            json={"name": "w", "cert_pem": material.chain, "key_pem": material.key_pem},
            headers=t.headers,
        )
    )
    ok_data(client.post(f"{G}/domains/{domain['id']}/certs", json={"cert_id": cert["id"]}, headers=t.headers))
    ok_data(
        client.post(
            f"{G}/forwards",
            json={"domain_id": domain["id"], "path_prefix": "/api", "servers": ["10.0.1.1:9000"]},
            headers=t.headers,
        )
    )
    ok_data(
        client.post(
            f"{G}/forwards",
            json={
                "domain_id": domain["id"],
                "path_prefix": "/api/v2",
                "servers": ["10.0.1.2:9000"],
                "lb": "least_conn",
                "host_header": "api.internal",
            },
            headers=t.headers,
        )
    )
    ip_set = ok_data(client.post(f"{G}/ip-sets", json={"name": "bad"}, headers=t.headers))
    ok_data(client.post(f"{G}/ip-sets/{ip_set['id']}/ips", json={"ip": "203.0.113.0/24"}, headers=t.headers))
    db.add(
        IpSetEntry(
            oem_id=t.oem.id,
            ip_set_id=ip_set["id"],
            ip="198.51.100.1",
            expires_at=datetime.now(UTC) - timedelta(minutes=1),
        )
    )
    db.flush()
    office = ok_data(
        client.post(
            f"{G}/schedules",
            json={
                "name": "office",
                "timezone": "Asia/Shanghai",
                "windows": [{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"}],
            },
            headers=t.headers,
        )
    )
    deny = ok_data(
        client.post(
            f"{G}/acl-rules",
            json={
                "name": "deny bad",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "ip_set", "op": "eq", "value": ip_set["id"]}],
            },
            headers=t.headers,
        )
    )
    allow = ok_data(
        client.post(
            f"{G}/acl-rules",
            json={
                "name": "allow office",
                "domain_id": domain["id"],
                "priority": 50,
                "action": "allow",
                "schedule_id": office["id"],
                "conditions": [{"field": "ip", "op": "eq", "value": "192.0.2.1"}],
            },
            headers=t.headers,
        )
    )
    cc = ok_data(
        client.post(
            f"{G}/cc-rules",
            json={
                "name": "login",
                "domain_id": domain["id"],
                "path": "/login",
                "methods": ["POST"],
                "limit": 5,
                "window_seconds": 60,
                "action": "ban",
                "ban_seconds": 600,
            },
            headers=t.headers,
        )
    )
    snap = build_node_snapshot(db, domain["node_group_id"], 42, secret_key=settings.secret_key)
    assert snap.version == 42
    by_name = {d.name: d for d in snap.domains}
    assert set(by_name) == {"shop.example.com", "plain.example.com"}
    shop = by_name["shop.example.com"]
    assert (
        shop.policy.mode == "detect" and shop.policy.paranoia_level == 2 and "942" in shop.policy.rule_groups
    )
    assert shop.policy.exclusions[0].target == "ARGS:q"
    assert [f.path_prefix for f in shop.forwards] == ["/", "/api/v2", "/api"]
    assert [(s.host, s.weight) for s in shop.forwards[0].servers] == [("10.0.0.1", 1), ("10.0.0.2", 2)]
    assert shop.forwards[1].lb == "least_conn" and shop.forwards[1].host_header == "api.internal"
    assert shop.tls is not None and shop.tls.key_pem.startswith("-----BEGIN PRIVATE KEY")
    assert shop.https_ports == [443] and shop.redirect_https
    assert [r.id for r in shop.acl_rules] == [allow["id"], deny["id"]]  # allow wins over deny
    assert shop.acl_rules[0].schedule is not None and shop.acl_rules[0].schedule.timezone == "Asia/Shanghai"
    assert [r.id for r in by_name["plain.example.com"].acl_rules] == [deny["id"]]  # OEM-wide rule
    assert shop.cc_rules[0].id == cc["id"] and shop.cc_rules[0].action == "ban"
    assert snap.ip_sets == {ip_set["id"]: ["203.0.113.0/24"]}  # the expired entry is left out
    assert snap.branding[t.oem.id].name == t.oem.name and other.oem.id not in snap.branding
    assert plain["id"] in {d.id for d in snap.domains}


def test_https_without_certificate_falls_back_to_http(client, db, settings) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "nocert.example.com", https_ports=[443], redirect_https=True, hsts=True)
    only_tls = create_domain(client, t, "tlsonly.example.com", http_ports=[], https_ports=[443])
    snap = build_node_snapshot(db, domain["node_group_id"], 1, secret_key=settings.secret_key)
    assert [d.name for d in snap.domains] == ["nocert.example.com"]
    assert snap.domains[0].https_ports == [] and not snap.domains[0].redirect_https
    assert only_tls["id"] not in {d.id for d in snap.domains}


def test_unknown_group_gives_an_empty_snapshot(db) -> None:
    assert build_node_snapshot(db, 987654, 3, secret_key="x").domains == []


def test_groups_outside_the_catalogue_stay_on(client, db, settings) -> None:
    t = tenant(db)
    policy = ok_data(
        client.post(f"{G}/policies", json={"name": "only sqli", "rule_groups": [942]}, headers=t.headers)
    )
    domain = create_domain(client, t, "groups.example.com", policy_id=policy["id"])
    groups = (
        build_node_snapshot(db, domain["node_group_id"], 1, secret_key=settings.secret_key).domains[0].policy
    )
    assert "942" in groups.rule_groups and "941" not in groups.rule_groups
    assert {"911", "922"} <= set(groups.rule_groups)  # method enforcement, multipart: not switchable in guard


def test_profile_and_app_exclusion_packages_reach_the_snapshot(client, db, settings) -> None:
    t = tenant(db)
    policy = ok_data(client.post(f"{G}/policies", json={"name": "WP", "profile": "strict",
                                                         "app_exclusions": ["wordpress"]}, headers=t.headers))
    assert policy["app_exclusions"] == ["wordpress"]
    refused = client.post(f"{G}/policies", json={"name": "X", "app_exclusions": ["joomla"]},
                          headers=t.headers)
    assert (refused.status_code, refused.json()["code"]) == (400, 400)
    domain = create_domain(client, t, "blog.example.com", policy_id=policy["id"])
    snap = build_node_snapshot(db, domain["node_group_id"], 1, secret_key=settings.secret_key)
    compiled = snap.domains[0].policy
    assert (compiled.profile, compiled.app_exclusions) == ("strict", ["wordpress"])
    updated = ok_data(client.patch(f"{G}/policies/{policy['id']}", json={"app_exclusions": []},
                                   headers=t.headers))
    assert updated["app_exclusions"] == []
