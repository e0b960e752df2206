"""chart/events: search, detail (masked headers, matched rules, policy) and the one-click
false-positive fix, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cloudwaf.models import Oem
from tests.chart.helpers import T0, attack, ingest, iso
from tests.factories import bearer_headers, make_oem, make_user

URL = "/api/v1/chart/events"


def _admin(db):  # noqa: ANN001, ANN202
    oem = make_oem(db)
    return oem, bearer_headers(db, make_user(db, oem, "oem_admin"))


def test_search_filters_and_enrichment(client, db) -> None:  # noqa: ANN001
    oem, headers = _admin(db)
    ingest(
        db,
        [
            attack(oem.id, T0 + timedelta(minutes=1), ip="8.8.8.8", uri="/login?user=admin'--"),
            attack(oem.id, T0 + timedelta(minutes=2), ip="1.1.1.1", rules=[941100], uri="/search?q=<script>"),
            attack(oem.id, T0 + timedelta(minutes=3), ip="10.0.0.7", action="detected"),
        ],
    )
    other = attack(make_oem(db).id, T0 + timedelta(minutes=1))
    ingest(db, [other])  # another OEM's
    everything = client.get(URL, headers=headers).json()["data"]
    assert everything["total"] == 3
    newest = everything["items"][0]
    assert (newest["client_ip"], newest["country"], newest["asn"]) == ("10.0.0.7", "", None)
    assert everything["items"][2]["country"] == "US" and everything["items"][2]["asn"] == 15169

    def ips(**params):  # noqa: ANN003, ANN202
        return [
            e["client_ip"] for e in client.get(URL, params=params, headers=headers).json()["data"]["items"]
        ]

    assert ips(rule_id=941100) == ["1.1.1.1"]
    assert ips(country="au") == ["1.1.1.1"]
    assert ips(uri="user=admin") == ["8.8.8.8"]
    assert ips(uri="%") == []  # LIKE wildcards are literal text
    assert ips(action="detected") == ["10.0.0.7"]
    assert ips(attack_type="xss") == ["1.1.1.1"]
    assert ips(stime=iso(T0 + timedelta(minutes=2)), etime=iso(T0 + timedelta(minutes=3))) == ["1.1.1.1"]
    assert ips(page=2, page_size=2) == ["8.8.8.8"]
    assert ips(client_ip="1.1.1.1", stime=iso(T0), etime=iso(T0 + timedelta(hours=1))) == ["1.1.1.1"]
    assert ips(client_ip="9.9.9.9") == []
    middle = everything["items"][1]["event_id"]
    assert ips(event_id=middle) == ["1.1.1.1"]
    assert ips(event_id=other.event_id) == []  # another OEM's event id finds nothing here
    bad = client.get(URL, params={"stime": iso(T0 + timedelta(hours=1)), "etime": iso(T0)}, headers=headers)
    assert (bad.status_code, bad.json()["code"]) == (400, 4002)


def test_detail_masks_secrets_and_shows_rules_and_policy(client, db) -> None:  # noqa: ANN001
    oem, headers = _admin(db)
    created = client.post(
        "/api/v1/guard/domains", json={"name": "shop.example", "origins": ["10.0.0.10:80"]}, headers=headers
    ).json()
    assert created["code"] == 0, created
    ingest(
        db,
        [
            attack(
                oem.id,
                T0,
                protocol="HTTP/1.1",
                config_version=7,
                headers={
                    "Host": "shop.example",
                    "User-Agent": "sqlmap/1.7",
                    "Cookie": "sid=secret",
                    "Authorization": "Bearer abc",
                },
                matched=[
                    {
                        "id": 942100,
                        "msg": "SQL Injection",
                        "data": "Matched Data: 1' or",
                        "tags": ["attack-sqli"],
                    }
                ],
            )
        ],
    )
    event_pk = client.get(URL, headers=headers).json()["data"]["items"][0]["id"]
    detail = client.get(f"{URL}/{event_pk}", headers=headers).json()["data"]
    assert detail["request_line"] == "GET /search?q=1 HTTP/1.1"
    assert detail["headers"]["Cookie"] == "******" and detail["headers"]["Authorization"] == "******"
    assert detail["headers"]["User-Agent"] == "sqlmap/1.7" and detail["user_agent"] == "sqlmap/1.7"
    assert detail["matched_rules"][0]["id"] == 942100 and detail["matched_rules"][0]["tags"] == [
        "attack-sqli"
    ]
    assert detail["policy"]["mode"] == "block" and detail["config_version"] == 7
    assert detail["attack_type"] == "sqli" and detail["uri_path"] == "/search"
    other = bearer_headers(db, make_user(db, make_oem(db), "oem_admin"))
    assert client.get(f"{URL}/{event_pk}", headers=other).status_code == 404


def test_false_positive_adds_an_exclusion_and_bumps_the_config_version(client, db) -> None:  # noqa: ANN001
    oem, headers = _admin(db)
    domain = client.post(
        "/api/v1/guard/domains", json={"name": "shop.example", "origins": ["10.0.0.10:80"]}, headers=headers
    ).json()["data"]
    ingest(db, [attack(oem.id, T0, rules=[942100, 942190, 949110], uri="/api/search?q=select+1")])
    event_pk = client.get(URL, headers=headers).json()["data"]["items"][0]["id"]
    version_before = db.scalar(select(Oem.config_version).where(Oem.id == oem.id))
    fixed = client.post(f"{URL}/{event_pk}/false-positive", json={"target": "ARGS:q"}, headers=headers).json()
    assert fixed["code"] == 0, fixed
    assert fixed["data"]["created"] is True and fixed["data"]["policy_id"] == domain["policy_id"]
    assert fixed["data"]["exclusion"] == {
        "rule_ids": [942100, 942190],
        "tags": [],
        "path_prefix": "/api/search",
        "target": "ARGS:q",
    }
    db.expire_all()
    assert db.scalar(select(Oem.config_version).where(Oem.id == oem.id)) > version_before
    policy = client.get(f"/api/v1/guard/policies/{domain['policy_id']}", headers=headers).json()["data"]
    assert {
        "rule_ids": [942100, 942190],
        "tags": [],
        "path_prefix": "/api/search",
        "target": "ARGS:q",
    } in policy["exclusions"]
    again = client.post(f"{URL}/{event_pk}/false-positive", json={"target": "ARGS:q"}, headers=headers).json()
    assert again["data"]["created"] is False
    auditor = bearer_headers(db, make_user(db, oem, "auditor"))
    denied = client.post(f"{URL}/{event_pk}/false-positive", headers=auditor)
    assert (denied.status_code, denied.json()["code"]) == (403, 1011)


def test_false_positive_for_a_deleted_domain_is_2001(client, db) -> None:  # noqa: ANN001
    oem, headers = _admin(db)
    ingest(db, [attack(oem.id, T0, domain="gone.example")])
    event_pk = client.get(URL, headers=headers).json()["data"]["items"][0]["id"]
    resp = client.post(f"{URL}/{event_pk}/false-positive", headers=headers)
    assert (resp.status_code, resp.json()["code"]) == (404, 2001)
