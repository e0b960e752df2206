from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cloudwaf.guard.certs import pem
from cloudwaf.models import AuditLog, Certificate
from tests.guard.helpers import assert_code, create_domain, make_cert, ok_data, tenant

URL = "/api/v1/guard/certs"


def test_upload_extracts_fields_and_never_returns_the_key(client, db, settings) -> None:
    t = tenant(db)
    material = make_cert(["www.example.com", "example.com"])
    response = client.post(
        URL, json={"name": "web", "cert_pem": material.chain, "key_pem": material.key_pem}, headers=t.headers
    )
    cert = ok_data(response)
    assert cert["subject"] == "CN=www.example.com" and cert["issuer"] == "CN=Test Intermediate CA"
    assert cert["sans"] == ["www.example.com", "example.com"] and len(cert["fingerprint_sha256"]) == 64
    assert 88 <= cert["days_to_expiry"] <= 90 and cert["key_type"] == "EC-secp256r1"
    assert "PRIVATE" not in response.text and "key_pem" not in cert
    stored = db.get(Certificate, cert["id"])
    assert "PRIVATE" not in stored.key_encrypted
    assert pem.unseal(settings.secret_key, t.oem.id, stored.key_encrypted).startswith(
        "-----BEGIN PRIVATE KEY"
    )
    audit = db.scalars(
        select(AuditLog).where(AuditLog.oem_id == t.oem.id, AuditLog.action == "guard.cert.create")
    ).one()
    assert "PRIVATE KEY" not in str(audit.summary)
    listed = client.get(URL, headers=t.headers)
    assert "PRIVATE" not in listed.text and ok_data(listed)["total"] == 1


def test_invalid_pem_answers_2007_with_a_precise_message(client, db) -> None:
    t = tenant(db)
    good = make_cert(["a.example.com"])
    expired = make_cert(
        ["a.example.com"],
        not_before=datetime.now(UTC) - timedelta(days=100),
        not_after=datetime.now(UTC) - timedelta(days=1),
    )
    future = make_cert(
        ["a.example.com"],
        not_before=datetime.now(UTC) + timedelta(days=2),
        not_after=datetime.now(UTC) + timedelta(days=100),
    )
    cases = [
        ("garbage", "hello", good.key_pem, "no -----BEGIN CERTIFICATE"),
        (
            "bad base64",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            good.key_pem,
            "not a readable",
        ),
        (
            "bad key",
            good.chain,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "not a readable private key",
        ),
        ("wrong key", good.chain, good.other_key_pem, "does not match"),
        ("expired", expired.chain, expired.key_pem, "expired on"),
        ("future", future.chain, future.key_pem, "not valid before"),
        ("order", good.reversed_chain, good.key_pem, "chain out of order: the key belongs to certificate #2"),
    ]
    for name, cert_pem, key_pem, needle in cases:
        body = assert_code(
            client.post(URL, json={"name": "c", "cert_pem": cert_pem, "key_pem": key_pem}, headers=t.headers),
            2007,
            400,
        )
        assert needle in body["message"], (name, body["message"])
    # leaf first but followed by a certificate that did not issue it
    stranger = make_cert(["b.example.com"])
    body = assert_code(
        client.post(
            URL,
            json={"name": "c", "cert_pem": good.leaf_pem + stranger.leaf_pem, "key_pem": good.key_pem},
            headers=t.headers,
        ),
        2007,
        400,
    )
    assert "chain out of order" in body["message"] and "#2" in body["message"]


def test_name_conflict_2006_not_found_2005_and_renewal(client, db) -> None:
    t = tenant(db)
    material = make_cert(["a.example.com"])
    cert = ok_data(
        client.post(
            URL,
            json={"name": "c1", "cert_pem": material.chain, "key_pem": material.key_pem},
            headers=t.headers,
        )
    )
    assert_code(
        client.post(
            URL,
            json={"name": "c1", "cert_pem": material.chain, "key_pem": material.key_pem},
            headers=t.headers,
        ),
        2006,
        409,
    )
    renewed = make_cert(["a.example.com", "b.example.com"])
    updated = ok_data(
        client.put(
            f"{URL}/{cert['id']}",
            json={"cert_pem": renewed.chain, "key_pem": renewed.key_pem, "version": 1},
            headers=t.headers,
        )
    )
    assert updated["sans"] == ["a.example.com", "b.example.com"] and updated["version"] == 2
    assert_code(
        client.put(f"{URL}/{cert['id']}", json={"cert_pem": renewed.chain}, headers=t.headers), 400, 400
    )
    assert_code(client.get(f"{URL}/999999", headers=t.headers), 2005, 404)
    ok_data(client.delete(f"{URL}/{cert['id']}", headers=t.headers))
    assert_code(client.get(f"{URL}/{cert['id']}", headers=t.headers), 2005, 404)


def test_bind_unbind_double_bind_2008_and_coverage_warning(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "shop.example.com", https_ports=[443])
    wildcard = make_cert(["*.example.com"])
    other = make_cert(["other.org"])
    c1 = ok_data(
        client.post(
            URL,
            json={"name": "wild", "cert_pem": wildcard.chain, "key_pem": wildcard.key_pem},
            headers=t.headers,
        )
    )
    c2 = ok_data(
        client.post(
            URL, json={"name": "other", "cert_pem": other.chain, "key_pem": other.key_pem}, headers=t.headers
        )
    )
    url = f"/api/v1/guard/domains/{domain['id']}/certs"
    bound = ok_data(client.post(url, json={"cert_id": c1["id"]}, headers=t.headers))
    assert bound["covers_domain"] is True and bound["warnings"] == []
    assert_code(client.post(url, json={"cert_id": c1["id"]}, headers=t.headers), 2008, 409)
    mismatch = ok_data(client.post(url, json={"cert_id": c2["id"]}, headers=t.headers))
    assert mismatch["covers_domain"] is False and "do not cover shop.example.com" in mismatch["warnings"][0]
    assert [b["cert_id"] for b in ok_data(client.get(url, headers=t.headers))] == [c1["id"], c2["id"]]
    assert ok_data(client.get(f"/api/v1/guard/domains/{domain['id']}", headers=t.headers))["cert_ids"] == [
        c1["id"],
        c2["id"],
    ]
    assert_code(client.delete(f"{URL}/{c1['id']}", headers=t.headers), 409, 409)  # still bound
    ok_data(client.delete(f"{url}/{c1['id']}", headers=t.headers))
    assert_code(client.delete(f"{url}/{c1['id']}", headers=t.headers), 2005, 404)
    assert_code(client.post(url, json={"cert_id": 999999}, headers=t.headers), 2005, 404)


def test_coverage_rules() -> None:
    assert pem.covers(["*.example.com"], "a.example.com")
    assert not pem.covers(["*.example.com"], "example.com")
    assert not pem.covers(["*.example.com"], "a.b.example.com")
    assert pem.covers(["*.example.com"], "*.example.com")
    assert not pem.covers(["a.example.com"], "*.example.com")
